import { UsageError } from '../errors.js';

export type Flavor = 'redis' | 'valkey';
export const FLAVORS: readonly Flavor[] = ['redis', 'valkey'];

/**
 * A server version as a user or a server names it: `7.2`, `7.2.4`, `redis@7.4`, `valkey@8.0`.
 * `patch` is undefined when only the release line was given.
 */
export interface Version {
  flavor: Flavor;
  major: number;
  minor: number;
  patch?: number;
}

const SPEC = /^(?:(redis|valkey)@)?(\d+)\.(\d+)(?:\.(\d+))?$/i;

/**
 * Parses a version spec. A spec without a flavor takes `defaultFlavor`.
 * @throws UsageError when the spec is not `[flavor@]MAJOR.MINOR[.PATCH]`.
 */
export function parseVersion(spec: string, defaultFlavor: Flavor = 'redis'): Version {
  const m = SPEC.exec(spec.trim());
  if (!m) {
    const flavor = /^([^@]+)@/.exec(spec)?.[1];
    if (flavor && !FLAVORS.includes(flavor.toLowerCase() as Flavor)) {
      throw new UsageError(`unknown flavor '${flavor}' in '${spec}': use redis or valkey`);
    }
    throw new UsageError(`'${spec}' is not a version: use MAJOR.MINOR[.PATCH], optionally prefixed with redis@ or valkey@`);
  }
  const version: Version = {
    flavor: (m[1]?.toLowerCase() as Flavor | undefined) ?? defaultFlavor,
    major: Number(m[2]),
    minor: Number(m[3]),
  };
  if (m[4] !== undefined) version.patch = Number(m[4]);
  return version;
}

/**
 * The source version of a move to `target`: a spec without a flavor takes the target's, except
 * that a version below Valkey's first release line (7.2, the fork of Redis 7.2.4) can only be Redis
 * (`--from 6.2 --target valkey@8.0` moves from Redis 6.2).
 * @throws UsageError as parseVersion.
 */
export function parseSourceVersion(spec: string, target: Version): Version {
  const v = parseVersion(spec, target.flavor);
  if (!/@/.test(spec) && v.flavor === 'valkey' && (v.major < 7 || (v.major === 7 && v.minor < 2))) v.flavor = 'redis';
  return v;
}

/** `7.4` for any 7.4.x. */
export function lineOf(v: Pick<Version, 'major' | 'minor'>): string {
  return `${v.major}.${v.minor}`;
}

/** `redis@7.4.1` or `valkey@8.0` (no patch when none was given). */
export function formatVersion(v: Version): string {
  return `${v.flavor}@${v.major}.${v.minor}${v.patch === undefined ? '' : `.${v.patch}`}`;
}

/**
 * Orders two versions of the same flavor; a missing patch compares as 0.
 * Returns a negative number, 0, or a positive number.
 */
export function compareSameFlavor(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0);
}

/**
 * Valkey forked from Redis 7.2.4: every Redis change up to 7.2.4 is in every Valkey release,
 * and no later Redis change is. Source: valkey-io/valkey 00-RELEASENOTES of 7.2.4 RC1
 * ("Valkey 7.2.4 ... forked from Redis 7.2.4").
 */
export const VALKEY_FORK_POINT: Version = { flavor: 'redis', major: 7, minor: 2, patch: 4 };

/**
 * Does server version `v` include a change introduced by release `change`?
 * Works across flavors through the fork point: a Valkey server includes Redis changes
 * up to 7.2.4; a Redis server includes no Valkey change.
 */
export function includesChange(v: Version, change: Version): boolean {
  if (v.flavor === change.flavor) return compareSameFlavor(v, change) >= 0;
  if (v.flavor === 'valkey' && change.flavor === 'redis') return compareSameFlavor(VALKEY_FORK_POINT, change) >= 0;
  return false;
}
