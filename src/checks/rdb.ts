import type { RdbVersionEntry } from '../rulepack/types.js';
import { lineOf, type Version } from '../versions/version.js';

/** The rdb-versions entry of a version's release line (rules/tables/rdb-versions.json), when the table has one. */
export function rdbOf(table: readonly RdbVersionEntry[], v: Version): RdbVersionEntry | undefined {
  return table.find((r) => r.flavor === v.flavor && r.line === lineOf(v));
}

/** Why a target refuses the RDB a source writes, as the placeholders of the rules that report it. */
export interface RdbRefusal {
  /** The RDB version the source writes. */
  sourceRdb: string;
  /** `redis 7.4`. */
  source: string;
  /** What the target reads instead. */
  why: string;
  /** The rdb-version-check relaxed hint, or ''. */
  relaxed: string;
  /** The line the target logs before it exits. */
  serverError: string;
}

/**
 * Does the target refuse to load the RDB (dump.rdb, or an AOF's RDB base) the source writes?
 * A Valkey target reads Redis's RDB 12 and up as a foreign format (refused unless 9.0's
 * `rdb-version-check relaxed` lets it try); any target refuses a version above its own (a rollback,
 * or Valkey to an older Redis) unless relaxed lets it try. A target that predates the VALKEY magic
 * stops at the header of a Valkey 9.0 file. Sources: the table's `foreign`, `relaxedFuture` and
 * `header` entries (valkey-io/valkey src/rdb.c at 8.1.1 and 9.0.0, redis/redis src/rdb.c).
 * Undefined when the target loads it, or a line is not in the table.
 */
export function rdbRefusal(table: readonly RdbVersionEntry[], from: Version, target: Version): RdbRefusal | undefined {
  const t = rdbOf(table, target);
  const s = rdbOf(table, from);
  if (!t || !s) return undefined;
  const r = s.rdbVersion;
  const foreign = from.flavor === 'redis' && t.foreign && r >= t.foreign.min && r <= t.foreign.max ? t.foreign : undefined;
  let why: string;
  let relaxed: boolean;
  if (foreign) {
    why = `${target.flavor} ${lineOf(target)} reads RDB ${foreign.min} to ${foreign.max} under a REDIS header as a foreign format`;
    relaxed = foreign.relaxed === 'accepts';
  } else if (r > t.rdbVersion) {
    why = `${target.flavor} ${lineOf(target)} reads RDB ≤ ${t.rdbVersion}`;
    relaxed = !!t.relaxedFuture;
  } else {
    return undefined;
  }
  return {
    sourceRdb: String(r),
    source: `${from.flavor} ${lineOf(from)}`,
    why,
    relaxed: relaxed ? '; with rdb-version-check relaxed it tries, and fails on any type it does not know' : '',
    serverError: s.header && !t.foreign ? 'Wrong signature trying to load DB from file' : `Can't handle RDB format version ${r}`,
  };
}
