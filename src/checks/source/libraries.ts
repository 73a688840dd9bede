import { dirname, resolve } from 'node:path';
import semver from 'semver';
import type { Dependency } from '../../inputs/manifests/types.js';
import type { LibrarySpec, Rule, RulesPack, Severity } from '../../rulepack/types.js';
import { includesChange, parseVersion, type Version } from '../../versions/version.js';
import { pathBelow } from '../../paths.js';

/** Which client-library upgrade the rules describe: up to the newest known, or to the lowest that supports the target. */
export type ClientsMode = 'latest' | 'compatible';

/**
 * The upgrade of one client library that the run checks code for: from the version the manifests
 * pin or allow (undefined: not known, so every version) to the goal version.
 */
export interface LibraryPlan {
  pack: RulesPack & { library: LibrarySpec };
  /** The lowest version the manifests install or allow. */
  from?: string;
  /** Where `from` came from: `poetry.lock:12 (installed)`, `requirements.txt:3 (allows >=3.0.0 <4.0.0)`. */
  fromWhere?: string;
  goal: string;
  /** Why the goal: the newest release the pack knows, or the lowest that supports the target. */
  goalReason: string;
  /** The lowest library version the target server needs, when the pack knows one. */
  needed?: string;
  /** Manifest entries that declare the library (those in `scope` for a scoped plan). */
  declared: Dependency[];
  /**
   * Directories (resolved) where the library itself is implemented (its own project's packages,
   * Dependency.implementation): code there is the library, not a user of it, so the library's own
   * rules do not run on it.
   */
  implementation?: string[];
  /**
   * The directory whose manifests (and lock files) gave `from`, when manifests in several
   * directories declare the library: the plan of files below it, the nearest scope winning. A plan
   * without one is the tree-wide plan (the lowest version over every manifest), for files under no
   * declaring manifest, and for manifest rules.
   */
  scope?: string;
}

function lowestAllowed(d: Dependency): string | undefined {
  // semver.valid also cleans a Go `v` prefix: v8.11.5 → 8.11.5
  if (d.version && semver.valid(d.version)) return semver.valid(d.version) as string;
  if (d.range && semver.validRange(d.range)) return semver.minVersion(d.range)?.version;
  return undefined;
}

/** The lowest library version the target server needs (the highest `compatible` entry it reaches). */
export function neededFor(lib: LibrarySpec, target: Version): { version: string; source: string } | undefined {
  let best: { version: string; source: string } | undefined;
  for (const c of lib.compatible ?? []) {
    const server = parseVersion(c.server);
    if (!includesChange(target, server)) continue;
    if (!best || semver.gt(c.version, best.version)) best = { version: c.version, source: c.source };
  }
  return best;
}

/**
 * The plan of one pack from the dependencies that declare it (all of them, or those of one scope).
 * `inherited`: for a scope without a lock of its own, what a lock file above it installs (a
 * workspace root's lock serves its packages).
 */
function planOf(pack: RulesPack & { library: LibrarySpec }, declared: Dependency[], target: Version, mode: ClientsMode, scope?: string, inherited: Dependency[] = []): LibraryPlan {
  const lib = pack.library;
  let from: string | undefined;
  let fromWhere: string | undefined;
  // The library's own project (a `self` declaration) is at its own version, as surely as a lock file
  // says, in its own directory; tree-wide it is one more declared version (the lowest still wins).
  const own = declared.filter((d) => d.locked || (d.self && scope !== undefined));
  const locked = own.length ? own : inherited;
  for (const d of locked.length ? locked : declared) {
    const v = lowestAllowed(d);
    if (!v || (from && !semver.lt(v, from))) continue;
    from = v;
    const where = d.line ? `${d.file}:${d.line}` : d.file;
    fromWhere = d.self ? `${where} (the library's own project, ${v})` : d.locked ? `${where} (installed ${v})` : d.version ? `${where} (pins ${v})` : `${where} (allows ${d.declared ?? d.range})`;
  }
  const needed = neededFor(lib, target);
  let goal = lib.latest;
  let goalReason = `the newest release the pack knows (${lib.latest})`;
  if (from && semver.gt(from, lib.latest)) {
    // Never a downgrade: the pack is older than what is installed, and says nothing past its latest.
    goal = from;
    goalReason = `already newer than the newest release the pack knows (${lib.latest}): changes after ${lib.latest} are not in the pack`;
  } else if (mode === 'compatible') {
    if (needed && (!from || semver.lt(from, needed.version))) {
      goal = needed.version;
      goalReason = `the lowest release that supports the target server (${needed.source})`;
    } else if (from) {
      goal = from;
      goalReason = needed ? `already supports the target server (needs ${needed.version}: ${needed.source})` : 'no known minimum for the target server';
    }
  }
  const implementation = declared.flatMap((d) => (d.self ? (d.implementation ?? []).map((p) => resolve(dirname(d.file), p)) : []));
  return {
    pack, ...(from ? { from, fromWhere } : {}), goal, goalReason, ...(needed ? { needed: needed.version } : {}), declared,
    ...(scope !== undefined ? { scope } : {}), ...(implementation.length ? { implementation } : {}),
  };
}

/**
 * Plans every client pack: the from version comes from the dependencies of its packages (a lock
 * file's installed version first, else the lowest version a range allows; across several manifests
 * the lowest wins, since all that code must keep working); the goal from `mode`. When manifests in
 * several directories declare a pack, each directory gets a plan of its own too (its `scope`: a
 * manifest and its lock file in one directory are one scope), after the tree-wide one: a file is
 * checked with the plan of its nearest scope (see nearestPlan).
 */
export function planLibraries(packs: RulesPack[], deps: Dependency[], target: Version, mode: ClientsMode): LibraryPlan[] {
  const plans: LibraryPlan[] = [];
  for (const pack of packs) {
    const lib = pack.library;
    if (!lib) continue;
    const p = pack as LibraryPlan['pack'];
    const declared = deps.filter((d) => d.ecosystem === lib.ecosystem && lib.packages.includes(d.name));
    plans.push(planOf(p, declared, target, mode));
    const byDir = new Map<string, Dependency[]>();
    for (const d of declared) {
      const dir = dirname(d.file);
      const list = byDir.get(dir);
      if (list) list.push(d); else byDir.set(dir, [d]);
    }
    if (byDir.size < 2) continue;
    for (const dir of [...byDir.keys()].sort()) {
      const mine = byDir.get(dir) as Dependency[];
      plans.push(planOf(p, mine, target, mode, dir, mine.some((d) => d.locked) ? [] : lockedAbove(dir, mine, byDir)));
    }
  }
  return plans;
}

/**
 * What the nearest lock file above `dir` installs of the packages `dir` declares, when the version
 * satisfies the range declared there (npm, yarn and pnpm workspaces lock every package at the root).
 */
function lockedAbove(dir: string, declared: Dependency[], byDir: Map<string, Dependency[]>): Dependency[] {
  const above = [...byDir.keys()].filter((d) => inside(d, dir)).sort((a, b) => b.length - a.length);
  for (const d of above) {
    const hits = (byDir.get(d) ?? []).filter((l) => (l.locked || l.self) && l.version && declared.some((m) => m.name === l.name
      && (!m.range || !semver.validRange(m.range) || semver.satisfies(l.version as string, m.range))));
    if (hits.length) return hits;
  }
  return [];
}

/** Is `file` inside directory `dir` (at any depth)? Both as given, resolved against the working directory. */
function inside(dir: string, file: string): boolean {
  return pathBelow(dir, file) !== undefined;
}

/**
 * Finds the plan of a file among a pack's plans: the scoped plan whose scope is the nearest
 * directory above the file, else the tree-wide one.
 */
export class PlanScopes {
  /** Scoped plans by pack name, the deepest scope first. */
  private readonly scoped = new Map<string, { dir: string; plan: LibraryPlan }[]>();

  constructor(plans: readonly LibraryPlan[]) {
    for (const plan of plans) {
      if (plan.scope === undefined) continue;
      const list = this.scoped.get(plan.pack.name) ?? this.scoped.set(plan.pack.name, []).get(plan.pack.name) as { dir: string; plan: LibraryPlan }[];
      list.push({ dir: resolve(plan.scope), plan });
    }
    for (const list of this.scoped.values()) list.sort((a, b) => b.dir.length - a.dir.length);
  }

  /** The plan of `plan`'s pack for a file at `path`: `plan` itself when no scope of its pack holds the file. */
  nearest(plan: LibraryPlan, path: string): LibraryPlan {
    const list = this.scoped.get(plan.pack.name);
    if (!list) return plan;
    return list.find((s) => inside(s.dir, path))?.plan ?? plan;
  }
}

/**
 * Does a library rule apply to a planned upgrade? Its `library.since` must lie on the way
 * (from < since ≤ goal; with an unknown from, since ≤ goal) and the target server must match its
 * `server` condition.
 */
export function libraryRuleApplies(rule: Rule, plan: Pick<LibraryPlan, 'from' | 'goal'>, target: Version): boolean {
  if (!serverMatches(rule, target)) return false;
  // A fixed problem: nothing to say once the installed version has the fix.
  if (rule.library?.until && plan.from && semver.gte(plan.from, rule.library.until)) return false;
  const since = rule.library?.since;
  if (!since) return true;
  if (semver.gt(since, plan.goal)) return false;
  return !plan.from || semver.lt(plan.from, since);
}

/** Does the target server meet a rule's `server` condition (flavors, below, atLeast)? */
export function serverMatches(rule: Rule, target: Version): boolean {
  const s = rule.server;
  if (!s) return true;
  if (s.flavors && !s.flavors.includes(target.flavor)) return false;
  if (s.below && includesChange(target, parseVersion(s.below, target.flavor))) return false;
  if (s.atLeast && !includesChange(target, parseVersion(s.atLeast, target.flavor))) return false;
  return true;
}

/**
 * The severity reported: what the target server forces (a change at or below the version it needs,
 * or a server condition) keeps the rule's severity; the rest of a `latest` upgrade is at most a warning.
 */
export function librarySeverity(rule: Rule, plan: LibraryPlan): Severity {
  const forced = rule.server !== undefined || (rule.library?.since && plan.needed ? semver.lte(rule.library.since, plan.needed) : false);
  return !forced && rule.severity === 'error' ? 'warning' : rule.severity;
}

/** `redis-py 2.10.6 → 7.0.1 crosses 3.0.0` */
export function libraryBoundary(rule: Rule, plan: LibraryPlan): string | undefined {
  const since = rule.library?.since;
  const name = plan.pack.name;
  if (!since) return serverCondition(rule);
  return `${name} ${plan.from ?? 'any version'} → ${plan.goal} crosses ${since}`;
}

/** `target server below 7.2` / `target server 7.2 or newer`, for a finding's boundary. */
export function serverCondition(rule: Rule): string | undefined {
  const s = rule.server;
  if (s?.below) return `target server below ${s.below}`;
  if (s?.atLeast) return `target server ${s.atLeast} or newer`;
  return undefined;
}
