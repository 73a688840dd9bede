import semver from 'semver';
import type { Dependency } from '../../inputs/manifests/types.js';
import type { Hit } from '../context.js';
import type { LibraryPlan } from './libraries.js';

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
 * until the library is upgraded.
 */
export const libraryTooOld: ManifestCheck = (plan, declared) => {
  if (!plan.needed) return [];
  const needed = plan.needed;
  return declared.flatMap((d) => {
    const top = highest(d);
    if (!top || !semver.lt(top, needed)) return [];
    const shown = d.version ?? d.declared ?? d.range ?? '';
    return [{
      location: { file: d.file, ...(d.line ? { line: d.line } : {}) },
      evidence: `${d.name} ${shown}${d.locked ? ' (installed)' : ''}`,
      key: d.name,
      vars: { package: d.name, version: shown, needed, library: plan.pack.name, neededSource: plan.pack.library.compatible?.find((c) => c.version === needed)?.source ?? '' },
    }];
  });
};

export const MANIFEST_CHECKS: Record<string, ManifestCheck> = {
  'library-too-old': libraryTooOld,
};
