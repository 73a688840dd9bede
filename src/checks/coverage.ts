import type { LibraryReport, RuleCoverage } from '../report/report.js';
import type { InputKind, Rule } from '../rulepack/types.js';
import type { UpgradePath } from '../versions/path.js';
import { formatVersion } from '../versions/version.js';
import { ruleApplies } from './applies.js';
import { libraryRuleApplies, serverCondition, serverMatches } from './source/libraries.js';
import { selects } from './suppress.js';

const INPUT_NAMES: Record<InputKind, string> = {
  config: 'a configuration file', 'acl-file': 'an ACL file', live: 'a live deployment or snapshot', source: 'source code', manifest: 'a dependency manifest', boot: '--boot-with',
};

export interface CoverageContext {
  path: UpgradePath;
  /** The kinds of input the run had. */
  kinds: Set<InputKind>;
  /** Client libraries found in manifests or imports, with the upgrade checked. */
  libraries: LibraryReport[];
  /** Names of the client-library packs (a `library` block): their rules need the library in use. */
  libraryPacks: Set<string>;
  only: string[];
  skip: string[];
}

function changeNotOnPath(rule: Rule, path: UpgradePath): string {
  if (!rule.change) return 'not on this path';
  const change = `${rule.change.flavor} ${rule.change.version}`;
  const target = formatVersion(path.target);
  switch (rule.applies ?? 'upgrade') {
    case 'upgrade': return `the path does not cross its change (${change})`;
    case 'rollback': return `the path does not roll back its change (${change})`;
    case 'target-lacks': return `the target ${target} has its change (${change})`;
    default: return `the target ${target} lacks its change (${change})`;
  }
}

/** Why a rule did not apply to this run, or undefined when it applied (it ran; it may have found nothing). */
function whyNot(rule: Rule, ctx: CoverageContext): string | undefined {
  if (ctx.only.length && !ctx.only.some((s) => selects(s, rule.id))) return 'not selected by --only';
  const skipped = ctx.skip.find((s) => selects(s, rule.id));
  if (skipped) return `skipped (--skip ${skipped})`;
  if (!rule.inputs.some((k) => ctx.kinds.has(k))) return `needs ${rule.inputs.map((k) => INPUT_NAMES[k]).join(' or ')}`;
  const { path } = ctx;
  if (rule.flavors && !rule.flavors.includes(path.target.flavor)) return `only for ${rule.flavors.join('/')} targets`;
  if (!ruleApplies(rule, path)) return changeNotOnPath(rule, path);
  if (!serverMatches(rule, path.target)) return `applies to a ${serverCondition(rule) ?? 'other target server'}; the target is ${formatVersion(path.target)}`;
  if (ctx.libraryPacks.has(rule.pack)) {
    // One entry per scope when manifests in several directories declare the library: the rule applies when it applies to one.
    const packs = ctx.libraries.filter((l) => l.name === rule.pack);
    const pack = packs[0];
    if (!pack) return `${rule.pack} is not used (no manifest entry or import)`;
    if (!packs.some((l) => libraryRuleApplies(rule, { from: l.from ?? undefined, goal: l.goal }, path.target))) {
      return `its library change is not on ${pack.name} ${pack.from ?? 'any version'} → ${pack.goal}`;
    }
  }
  return undefined;
}

/**
 * Which rules applied to the run and, grouped by reason, which did not: a rule applies when it is
 * selected, the run has an input of its kind, the path crosses its change (or the target meets its
 * server condition), and, for a client-library rule, the code uses the library and the library
 * upgrade checked crosses the rule's library version. An applied rule ran; it may have found nothing.
 */
export function ruleCoverage(rules: Rule[], ctx: CoverageContext): RuleCoverage {
  const applied: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const rule of rules) {
    const why = whyNot(rule, ctx);
    if (!why) { applied.push(rule.id); continue; }
    const ids = byReason.get(why);
    if (ids) ids.push(rule.id); else byReason.set(why, [rule.id]);
  }
  const notApplied = [...byReason].map(([reason, ids]) => ({ reason, rules: ids.sort() })).sort((a, b) => b.rules.length - a.rules.length || (a.reason < b.reason ? -1 : 1));
  return { applied: applied.sort(), notApplied };
}

/** Moves rules that ran after the fact (the boot proof) from notApplied to applied. */
export function markApplied(coverage: RuleCoverage, ids: string[]): void {
  const ran = new Set(ids);
  coverage.applied = [...new Set([...coverage.applied, ...ids])].sort();
  coverage.notApplied = coverage.notApplied
    .map((g) => ({ reason: g.reason, rules: g.rules.filter((id) => !ran.has(id)) }))
    .filter((g) => g.rules.length > 0);
}
