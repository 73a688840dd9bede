import { UsageError } from '../errors.js';
import {
  compareSameFlavor, formatVersion, includesChange, lineOf, VALKEY_FORK_POINT,
  type Flavor, type Version,
} from './version.js';

/** A release line the installed packs know, e.g. redis 7.4 (tables measured on 7.4.1). */
export interface ReleaseLine {
  flavor: Flavor;
  /** `MAJOR.MINOR` */
  line: string;
  /** The version the line's tables were taken from, e.g. `7.4.1`. */
  version: string;
}

export type Direction = 'same' | 'upgrade' | 'rollback' | 'cross';

/**
 * The way from a source version to a target: every release line crossed, and whether it is an
 * upgrade, a rollback (the target lacks changes the source has) or a cross-flavor move that is both.
 */
export interface UpgradePath {
  from: Version;
  target: Version;
  direction: Direction;
  /** Lines whose changes the target has and the source lacks, oldest first. */
  gained: ReleaseLine[];
  /** Lines whose changes the source has and the target lacks (a rollback), newest first. */
  lost: ReleaseLine[];
  /** One line for humans, e.g. `redis@6.2 → redis@7.4 crosses 7.0, 7.2, 7.4`. */
  description: string;
}

export function lineStart(l: ReleaseLine): Version {
  const [major, minor] = l.line.split('.').map(Number) as [number, number];
  return { flavor: l.flavor, major, minor, patch: 0 };
}

function sortLines(lines: ReleaseLine[]): ReleaseLine[] {
  return [...lines].sort((a, b) =>
    a.flavor === b.flavor ? compareSameFlavor(lineStart(a), lineStart(b)) : a.flavor === 'redis' ? -1 : 1);
}

/**
 * The known line a version belongs to.
 * @throws UsageError naming every known line when the version's line is unknown.
 */
export function resolveLine(v: Version, known: ReleaseLine[]): ReleaseLine {
  const hit = known.find((l) => l.flavor === v.flavor && l.line === lineOf(v));
  if (!hit) {
    throw new UsageError(`unknown release line ${v.flavor}@${lineOf(v)}; the installed packs know: ${describeKnown(known)}`);
  }
  return hit;
}

/** `redis 2.8, 3.0, …; valkey 7.2, 8.0, …` */
export function describeKnown(known: ReleaseLine[]): string {
  const by = new Map<Flavor, string[]>();
  for (const l of sortLines(known)) by.set(l.flavor, [...(by.get(l.flavor) ?? []), l.line]);
  return [...by].map(([f, ls]) => `${f} ${ls.join(', ')}`).join('; ');
}

/**
 * Computes the path from `from` to `target` over the known lines.
 * A line counts as crossed when the target includes its first release (x.y.0) and the source
 * does not (gained), or the reverse (lost). Cross-flavor moves go through the Valkey fork point.
 */
export function upgradePath(from: Version, target: Version, known: ReleaseLine[]): UpgradePath {
  const sorted = sortLines(known);
  const gained = sorted.filter((l) => includesChange(target, lineStart(l)) && !includesChange(from, lineStart(l)));
  const lost = sorted.filter((l) => includesChange(from, lineStart(l)) && !includesChange(target, lineStart(l))).reverse();
  let direction: Direction;
  if (gained.length === 0 && lost.length === 0) {
    // A target named by its line only (redis@7.0) is that line's current release, not x.y.0.
    direction = from.flavor === target.flavor && target.patch !== undefined && compareSameFlavor(target, from) < 0 ? 'rollback' : 'same';
  } else if (lost.length === 0) direction = 'upgrade';
  else if (gained.length === 0) direction = 'rollback';
  else direction = 'cross';
  const parts: string[] = [];
  if (gained.length) parts.push(`crosses ${gained.map(label(from, target)).join(', ')}`);
  if (lost.length) parts.push(`rolls back ${lost.map(label(from, target)).join(', ')}`);
  if (!parts.length) parts.push(direction === 'rollback' ? 'a patch-level rollback within one release line' : 'stays within one release line');
  if (from.flavor !== target.flavor) parts.push(`through the Valkey fork point (${formatVersion(VALKEY_FORK_POINT)})`);
  return {
    from, target, direction, gained, lost,
    description: `${formatVersion(from)} → ${formatVersion(target)} ${parts.join(' and ')}`,
  };
}

function label(from: Version, target: Version) {
  return (l: ReleaseLine) => (from.flavor === target.flavor ? l.line : `${l.flavor} ${l.line}`);
}

/** `6.2 → 7.4 crosses 7.0` for a finding that applies because of one line of the path. */
export function boundaryLabel(path: UpgradePath, change: Version): string {
  const lineTxt = change.flavor === path.target.flavor && change.flavor === path.from.flavor
    ? lineOf(change) : `${change.flavor} ${lineOf(change)}`;
  const verb = includesChange(path.target, change) ? 'crosses' : 'rolls back';
  return `${short(path.from)} → ${short(path.target)} ${verb} ${lineTxt}`;
}

function short(v: Version): string {
  return formatVersion(v).replace(/^redis@/, '');
}
