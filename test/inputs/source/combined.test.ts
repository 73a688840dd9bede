import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type NapiConfig, type SgNode } from '@ast-grep/napi';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { CombinedQuery, combinable, renameMetavariables } from '../../../src/inputs/source/combined.js';
import { ImportQueries } from '../../../src/inputs/source/imports.js';
import { astGrepLanguage, languageCovers, languageOf, type SourceLanguage } from '../../../src/inputs/source/languages.js';
import { commandQueries, type CallShape } from '../../../src/checks/source/commands-in-code.js';
import { napiConfig } from '../../../src/checks/source/rule-config.js';
import { loadRuleIndex } from '../../../src/rulepack/load.js';
import { ROOT } from '../../helpers/cli.js';

describe('renameMetavariables', () => {
  it('renames capturing metavariables in patterns and pattern contexts, and nothing else', () => {
    const rule = {
      all: [
        { pattern: '$R.$M($$$ARGS, $$X)' },
        { has: { pattern: { context: 'func _() { $R.Do($_, $$$) }', selector: 'call_expression' }, regex: '^\\$R$' } },
        { not: { pattern: 'get$KEY($Elem, $$$)' } },
      ],
    };
    expect(renameMetavariables(rule, '_Q1')).toEqual({
      all: [
        { pattern: '$R_Q1.$M_Q1($$$ARGS_Q1, $$X_Q1)' },
        { has: { pattern: { context: 'func _() { $R_Q1.Do($_, $$$) }', selector: 'call_expression' }, regex: '^\\$R$' } },
        { not: { pattern: 'get$KEY($Elem, $$$)' } },
      ],
    });
  });
});

describe('CombinedQuery', () => {
  const index = loadRuleIndex();
  const calls = (index.rules.find((r) => r.params?.calls)?.params?.calls ?? []) as CallShape[];
  const combined = new Map<SourceLanguage, CombinedQuery>();
  const queriesOf = (language: SourceLanguage): NapiConfig[] => [
    ...new ImportQueries(language).queries(),
    ...new ImportQueries(language, ['redis', 'io.lettuce']).queries(),
    ...index.rules.filter((r) => r.source && [r.source.language].flat().some((l) => languageCovers(l, language))).map((r) => napiConfig(r.source as NonNullable<typeof r.source>)).filter(combinable),
    ...commandQueries(language, calls),
  ];
  const at = (n: SgNode | null) => (n ? `${n.range().start.line}:${n.range().start.column}-${n.range().end.line}:${n.range().end.column}` : '-');
  const names = (q: NapiConfig) => [...new Set([...JSON.stringify(q.rule).matchAll(/\$\$?\$?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] as string))];

  it('finds, for every query of the packs, the nodes and metavariables its own findAll finds, on every fixture', () => {
    const files = globSync(['fixtures/rules/source/**/*', 'fixtures/source-apps/**/*', 'bench/fixtures/source/**/*'], { cwd: ROOT, onlyFiles: true })
      .filter((f) => languageOf(f)).sort();
    expect(files.length).toBeGreaterThan(100);
    let compared = 0;
    for (const f of files) {
      const language = languageOf(f) as SourceLanguage;
      let q = combined.get(language);
      if (!q) combined.set(language, q = new CombinedQuery(queriesOf(language)));
      const root = parse(astGrepLanguage(language), readFileSync(join(ROOT, f), 'utf8')).root();
      const found = q.split(root.findAll(q.matcher));
      for (const query of q.queries) {
        const vars = names(query);
        const alone = root.findAll(query).map((n) => [at(n), ...vars.map((v) => at(n.getMatch(v)))].join(' '));
        const together = (found.get(query) ?? []).map((m) => [at(m.node), ...vars.map((v) => at(m.get(v)))].join(' '));
        expect(together, `${f}: ${JSON.stringify(query.rule).slice(0, 120)}`).toEqual(alone);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('compiles a sub-rule written the same way in several queries once, as a shared util, and finds the same', () => {
    const receiver = { has: { field: 'function', has: { field: 'object', regex: '^(redis|client)$' } } };
    const queries: NapiConfig[] = [
      { rule: { all: [{ pattern: '$R.get($K)' }, receiver] } },
      { rule: { all: [{ pattern: '$R.set($K, $V)' }, receiver, { not: { regex: 'zzz' } }] } },
      { rule: { kind: 'call_expression', has: { field: 'function', stopBy: 'end', regex: '^(redis|client)$' } } },
      { rule: { kind: 'member_expression', has: { field: 'object', stopBy: 'end', regex: '^(redis|client)$' } } },
    ];
    const q = new CombinedQuery(queries);
    const json = JSON.stringify(q.matcher);
    // The regex once, for the receiver filters of the first two queries and the relational rules of the last two (their field and stopBy kept).
    expect(json.split('"regex":"^(redis|client)$"').length - 1).toBe(1);
    expect(json).toContain('"has":{"field":"function","stopBy":"end","matches":"rulr0"}');
    expect(json).toContain('"has":{"field":"object","matches":"rulr0"}');
    const root = parse(astGrepLanguage('javascript'), 'redis.get(k); other.get(k); client.set(a, b); other.set(a, b); x.redis.y;').root();
    const found = q.split(root.findAll(q.matcher));
    for (const query of queries) {
      expect((found.get(query) ?? []).map((m) => m.node.text())).toEqual(root.findAll(query).map((n) => n.text()));
    }
    expect((found.get(queries[0] as NapiConfig) ?? []).map((m) => m.get('K')?.text())).toEqual(['k']);
  });

  it('refuses a query with constraints, and none', () => {
    expect(() => new CombinedQuery([{ rule: { pattern: '$A' }, constraints: { A: { regex: 'x' } } } as NapiConfig])).toThrow(/constraints/);
    expect(() => new CombinedQuery([])).toThrow(/no query/);
  });
});
