import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NapiConfig } from '@ast-grep/napi';
import { messageOf } from '../../errors.js';
import { astGrepLanguage, type SourceLanguage } from '../../inputs/source/languages.js';
import { astGrep } from '../../inputs/source/napi.js';
import { cached, hashOf, packageVersion } from '../../rulepack/cache.js';
import type { Rule } from '../../rulepack/types.js';
import { napiConfig } from './rule-config.js';

const roots = new Map<SourceLanguage, ReturnType<ReturnType<ReturnType<typeof astGrep>['parse']>['root']>>();

function tryRule(language: SourceLanguage, config: NapiConfig): string | undefined {
  let root = roots.get(language);
  if (!root) { root = astGrep().parse(astGrepLanguage(language), '').root(); roots.set(language, root); }
  try {
    root.findAll(config);
    return undefined;
  } catch (err) {
    return messageOf(err).split('\n').map((l) => l.replace(/^\s*\|->/, '').trim()).filter(Boolean).join(': ');
  }
}

/**
 * Compiles every ast-grep rule object of the packs once, on an empty file of each language, so that
 * a rule ast-grep refuses is a pack error at load (`file: rule ID /source/rule: reason`) rather
 * than a failure on every file it meets. The verdict is cached (cache.ts) under the rule objects,
 * this code and the ast-grep versions, so an unchanged set of packs is not compiled again.
 */
export function sourceRuleErrors(rules: Rule[]): string[] {
  const relevant = rules.filter((r) => r.source || r.params?.calls).map((r) => [r.file, r.id, r.source, r.params?.calls]);
  let key: string;
  try {
    key = hashOf([
      readFileSync(fileURLToPath(import.meta.url)), readFileSync(fileURLToPath(new URL('./rule-config.js', import.meta.url))),
      ...['@ast-grep/napi', '@ast-grep/lang-go', '@ast-grep/lang-java', '@ast-grep/lang-lua', '@ast-grep/lang-python', '@ast-grep/lang-ruby'].map(packageVersion),
      JSON.stringify(relevant),
    ]);
  } catch {
    return compileAll(rules);
  }
  return cached('source-rules', key, () => compileAll(rules));
}

function compileAll(rules: Rule[]): string[] {
  const errors: string[] = [];
  for (const r of rules) {
    if (r.source) {
      const langs = Array.isArray(r.source.language) ? r.source.language : [r.source.language];
      for (const l of langs) {
        const why = tryRule(l, napiConfig(r.source));
        if (why) errors.push(`${r.file}: rule ${r.id} /source/rule (${l}): ${why}`);
      }
    }
    const calls = (r.params?.calls ?? []) as { language: SourceLanguage; rule: Record<string, unknown> }[];
    calls.forEach((c, i) => {
      const why = tryRule(c.language, napiConfig({ rule: c.rule }));
      if (why) errors.push(`${r.file}: rule ${r.id} /params/calls/${i}/rule (${c.language}): ${why}`);
    });
  }
  return errors;
}
