import type { CommandSpec } from '../rulepack/types.js';
import { compareSameFlavor, parseVersion, VALKEY_FORK_POINT, type Flavor, type Version } from '../versions/version.js';

/** What one server version knows of a command (rules/tables/commands.json). */
export interface CommandStatus {
  /** The table has the command (for some flavor or version). */
  known: boolean;
  /** The version's flavor has it at that version. */
  exists: boolean;
  /** The version of the flavor that introduced it (Valkey: up to 7.2.4, the Redis release it inherited). */
  since?: string;
  /** The flavor deprecates it at that version. */
  deprecated?: { since: string; replacedBy: string; source: string };
  /** A module command (MODULE LIST name): a Redis build has it only with that module. */
  module?: string;
}

/** `CLIENT|LIST`, `cmdstat_client|list`, ` Client  List ` → `client list`. */
export function commandKey(name: string): string {
  return name.trim().replace(/^cmdstat_/i, '').replace('|', ' ').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Does server `version` have command `name`, and does it deprecate it? Answers from the facts of
 * the version's own flavor: Redis from `since`, Valkey from `valkeySince` (Valkey's own JSON, which
 * states the Redis release for what it inherited at the fork, so a Redis change after 7.2.4 reaches
 * Valkey only when Valkey re-implemented it, as HEXPIRE in 9.0). A release line without a patch
 * (`redis@8.2`) compares as x.y.0.
 */
export function commandStatus(commands: Record<string, CommandSpec>, name: string, version: Version): CommandStatus {
  const spec = commands[commandKey(name)];
  if (!spec) return { known: false, exists: false };
  const flavor = version.flavor;
  const since = flavor === 'redis' ? spec.since : spec.valkeySince;
  const at = (v: string): boolean => compareSameFlavor(version, parseVersion(v, flavor)) >= 0;
  const status: CommandStatus = { known: true, exists: since !== undefined && at(since) };
  if (since !== undefined) status.since = since;
  if (spec.module) status.module = spec.module;
  if (status.exists) {
    const dep = (spec.deprecated ?? []).find((d) => d.flavor === flavor && at(d.since) && !(d.until && at(d.until)));
    if (dep) status.deprecated = { since: dep.since, replacedBy: dep.replacedBy, source: dep.source };
  }
  return status;
}

/**
 * How to name the release that deprecated a command: `redis 6.2.0`, `valkey 8.1.0`; a version in
 * Valkey's facts below the fork point (7.2.4) is the Redis release Valkey inherited it from, so it
 * reads `redis 4.0.0 (inherited by Valkey)`.
 */
export function releaseLabel(flavor: Flavor, version: string): string {
  if (flavor === 'valkey' && compareSameFlavor(parseVersion(version, 'redis'), VALKEY_FORK_POINT) < 0) return `redis ${version} (inherited by Valkey)`;
  return `${flavor} ${version}`;
}
