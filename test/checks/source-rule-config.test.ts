import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type NapiConfig, type SgNode } from '@ast-grep/napi';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { asciiClasses, cheapTestsFirst, napiConfig } from '../../src/checks/source/rule-config.js';
import { astGrepLanguage, languageCovers, languageOf, type SourceLanguage } from '../../src/inputs/source/languages.js';
import { loadRuleIndex } from '../../src/rulepack/load.js';
import { ROOT } from '../helpers/cli.js';

/** A rule object with the regexes in ASCII mode only (what napiConfig gave before moving tests). */
function asciiOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asciiOnly);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'regex' && typeof v === 'string' ? asciiClasses(v) : asciiOnly(v)]));
}

describe('cheapTestsFirst', () => {
  it('moves kind and regex members of all lists to the front and keeps the others in order', () => {
    const rule = {
      all: [
        { pattern: '$R.$M($$$)' },
        { inside: { kind: 'program', stopBy: 'end', has: { pattern: '$R = $X' } } },
        { regex: '^r\\.' },
        { any: [{ kind: 'a' }, { all: [{ has: { kind: 'b' } }, { kind: 'c' }] }] },
        { kind: 'call' },
      ],
    };
    expect(cheapTestsFirst(rule)).toEqual({
      all: [
        { regex: '^r\\.' },
        { kind: 'call' },
        { pattern: '$R.$M($$$)' },
        { inside: { kind: 'program', stopBy: 'end', has: { pattern: '$R = $X' } } },
        { any: [{ kind: 'a' }, { all: [{ kind: 'c' }, { has: { kind: 'b' } }] }] },
      ],
    });
  });

  it('matches the same nodes with the same metavariables as the rule as written, for every source rule on every fixture', () => {
    const index = loadRuleIndex();
    const at = (n: SgNode | null) => (n ? `${n.range().start.line}:${n.range().start.column}-${n.range().end.line}:${n.range().end.column}` : '-');
    const files = globSync(['fixtures/rules/source/**/*', 'fixtures/source-apps/**/*'], { cwd: ROOT, onlyFiles: true }).filter((f) => languageOf(f)).sort();
    let compared = 0;
    for (const f of files) {
      const language = languageOf(f) as SourceLanguage;
      const root = parse(astGrepLanguage(language), readFileSync(join(ROOT, f), 'utf8')).root();
      for (const r of index.rules) {
        if (!r.source || ![r.source.language].flat().some((l) => languageCovers(l, language))) continue;
        const moved = napiConfig(r.source);
        const written = { ...moved, rule: asciiOnly(r.source.rule), ...(r.source.constraints ? { constraints: asciiOnly(r.source.constraints) } : {}) } as NapiConfig;
        const vars = [...new Set([...JSON.stringify(r.source).matchAll(/\$\$?\$?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string))];
        const show = (q: NapiConfig) => root.findAll(q).map((n) => [at(n), ...vars.map((v) => at(n.getMatch(v)))].join(' '));
        expect(show(moved), `${r.id} on ${f}`).toEqual(show(written));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
