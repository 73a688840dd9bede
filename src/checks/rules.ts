import { UsageError } from '../errors.js';
import type { NotChecked } from '../report/finding.js';
import { loadRuleIndex, type RuleIndex } from '../rulepack/load.js';
import type { Rule } from '../rulepack/types.js';
import type { ReleaseLine } from '../versions/path.js';
import { compareSameFlavor, formatVersion, parseVersion, type Version } from '../versions/version.js';
import { knownChecks } from './engine.js';
import { sourceRuleErrors } from './source/validate.js';
import { selects } from './suppress.js';
import type { DirectiveLookup } from './tables.js';

/** Valid indexes already loaded in this process, by rule directories (rules test runs many fixtures). */
const loaded = new Map<string, RuleIndex>();

/**
 * Loads the packs, validates them and the rule ids selected.
 * @throws UsageError listing every refused pack file (file: /json/path message).
 */
export function loadRules(rulesDirs: string[] = [], only: string[] = [], skip: string[] = []): RuleIndex {
  const key = JSON.stringify(rulesDirs);
  let index = loaded.get(key);
  if (!index) {
    index = loadRuleIndex(rulesDirs);
    const checks = new Set(knownChecks());
    for (const r of index.rules) {
      if (r.check && !checks.has(r.check)) index.errors.push(`${r.file}: rule ${r.id} names an unknown check '${r.check}' (known: ${[...checks].join(', ')})`);
    }
    index.errors.push(...sourceRuleErrors(index.rules));
    if (index.errors.length) throw new UsageError(`rule packs refused:\n  ${index.errors.join('\n  ')}`);
    loaded.set(key, index);
  }
  for (const id of [...only, ...skip]) {
    if (!index.rules.some((r) => selects(id, r.id))) throw new UsageError(`unknown rule id '${id}' (see: redis-upgrade-lint rules list)`);
  }
  return index;
}

export function selectRules(rules: Rule[], only: string[] = [], skip: string[] = []): Rule[] {
  return rules.filter((r) => (only.length === 0 || only.some((s) => selects(s, r.id))) && !skip.some((s) => selects(s, r.id)));
}

export function releaseLines(index: RuleIndex): ReleaseLine[] {
  return index.tables.map((t) => ({ flavor: t.flavor, line: t.line, version: t.version }));
}

/**
 * A target patch release newer than the release its line's table was built from (redis@7.4.3 when
 * the packs know 7.4 as of 7.4.1): what changed after it is not known to the packs.
 */
export function newerThanPacks(target: Version, lookup: DirectiveLookup): NotChecked | undefined {
  const known = parseVersion(lookup.table.version, lookup.table.flavor);
  if (target.patch === undefined || compareSameFlavor(target, known) <= 0) return undefined;
  return {
    input: `target ${formatVersion(target)}`,
    reason: `newer than ${lookup.table.flavor} ${lookup.table.version}, the latest ${lookup.table.line} release the packs were checked against (on ${lookup.table.checked}): changes in later patch releases are not known; check their release notes, or update the packs (scripts/extract-config-table.ts, scripts/extract-command-table.ts)`,
  };
}
