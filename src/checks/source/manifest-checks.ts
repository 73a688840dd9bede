import { basename, dirname } from 'node:path';
import semver from 'semver';
import type { Dependency } from '../../inputs/manifests/types.js';
import type { LibrarySpec, Rule, RulesPack } from '../../rulepack/types.js';
import type { Version } from '../../versions/version.js';
import type { Hit } from '../context.js';
import { serverMatches, type LibraryPlan } from './libraries.js';

/** A code-backed manifest check: hits on the dependencies that declare a planned library. */
export type ManifestCheck = (plan: LibraryPlan, declared: Dependency[]) => Hit[];

/** The highest version a dependency can resolve to: the installed or pinned one, else undefined for an open range. */
function highest(d: Dependency): string | undefined {
  if (d.version && semver.valid(d.version)) return d.version;
  if (!d.range || !semver.validRange(d.range)) return undefined;
  // A range with an upper bound below the needed version cannot reach it; an open one can.
  const max = semver.maxSatisfying([...candidateVersions(d.range)], d.range);
  return max ?? undefined;
}

/** Probe versions for an upper bound: every major.minor.patch bound the range names. */
function* candidateVersions(range: string): Generator<string> {
  for (const m of range.matchAll(/(\d+)\.(\d+)\.(\d+)/g)) {
    const [maj, min, pat] = [Number(m[1]), Number(m[2]), Number(m[3])];
    yield `${maj}.${min}.${pat}`;
    if (pat > 0) yield `${maj}.${min}.${pat - 1}`;
    if (min > 0) yield `${maj}.${min - 1}.999`;
    if (maj > 0) yield `${maj - 1}.999.999`;
    yield '999.999.999';
  }
}

/**
 * Dependencies that pin (or only allow) a library version below the lowest one the target server
 * needs (the pack's `compatible` entries): the application will not work against the target
 * until the library is upgraded. A manifest and its lock file in one directory give one finding.
 */
export const libraryTooOld: ManifestCheck = (plan, declared) => {
  if (!plan.needed) return [];
  const needed = plan.needed;
  const tooOld = declared.filter((d) => {
    const top = highest(d);
    return top !== undefined && semver.lt(top, needed);
  });
  // A lock file beside the manifest that declares the package says what is installed: one finding,
  // at the declaration (where the fix goes), with the installed version in its evidence.
  const lockFor = (d: Dependency) => tooOld.find((o) => o.locked && !d.locked && o.name === d.name && dirname(o.file) === dirname(d.file));
  const covered = new Set(tooOld.map(lockFor).filter((o): o is Dependency => o !== undefined));
  return tooOld.filter((d) => !covered.has(d)).map((d) => {
    const shown = d.version ?? d.declared ?? d.range ?? '';
    const lock = lockFor(d);
    const installed = d.locked ? ' (installed)' : lock ? ` (installed: ${lock.version ?? lock.range ?? '?'}, ${basename(lock.file)}${lock.line ? `:${lock.line}` : ''})` : '';
    const source = plan.pack.library.compatible?.find((c) => c.version === needed);
    return {
      location: { file: d.file, ...(d.line ? { line: d.line } : {}) },
      evidence: `${d.name} ${shown}${installed}`,
      key: d.name,
      vars: { package: d.name, version: shown, needed, library: plan.pack.name, neededSource: source?.source ?? '' },
      ...(source ? { references: [{ title: `${plan.pack.name}: ${source.source}`, url: source.url }] } : {}),
    };
  });
};

/** A package's version as an input tells it: exact (installed, pinned, or reported by a running client) or a declared range. */
export type PackageVersion = Pick<Dependency, 'name' | 'version' | 'range'>;

/** The exact version, when there is a valid one. */
export function exactVersion(d: PackageVersion): string | undefined {
  return d.version && semver.valid(d.version) ? d.version : undefined;
}

/** Does a version fall in a range? An exact version must satisfy it (prereleases too); a declared range only when every version it allows does. */
export function inRange(d: PackageVersion, range: string): boolean {
  const v = exactVersion(d);
  if (v) return semver.satisfies(v, range, { includePrerelease: true });
  return !!d.range && semver.validRange(d.range) !== null && semver.subset(d.range, range);
}

/**
 * Does a manifest rule of a client pack (a known-bad version, a release the target does not
 * support) judge this version of a package, for this target server? The rule must be the pack's,
 * meet its `server` condition, name the package (`manifest.package`, else any of the pack's
 * packages) and hold the version in `manifest.range` when it has one. The same judgement serves
 * dependency manifests and the clients connected to a live node. Conditions on other packages
 * (`alsoPackage`, `absentPackage`) are the caller's: only a manifest can answer them.
 */
export function judgesVersion(rule: Rule, pack: RulesPack & { library: LibrarySpec }, v: PackageVersion, target: Version): boolean {
  const m = rule.manifest;
  if (!m || rule.pack !== pack.name || !rule.inputs.includes('manifest') || !serverMatches(rule, target)) return false;
  if (!(m.package ? [m.package] : pack.library.packages).includes(v.name)) return false;
  return !m.range || inRange(v, m.range);
}

export const MANIFEST_CHECKS: Record<string, ManifestCheck> = {
  'library-too-old': libraryTooOld,
};
