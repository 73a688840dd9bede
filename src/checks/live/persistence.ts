import type { RdbVersionEntry } from '../../rulepack/types.js';
import { lineOf, type Version } from '../../versions/version.js';
import { nodeHit, type LiveCheck, type LiveContext } from './context.js';
import { nodeVersion, num } from './node-facts.js';

/** The last background save failed: the node cannot be trusted to persist during the roll. */
export const bgsaveFailed: LiveCheck = (snap) =>
  snap.nodes.filter((n) => n.info.persistence?.rdb_last_bgsave_status && n.info.persistence.rdb_last_bgsave_status !== 'ok')
    .map((n) => nodeHit(n, 'rdb_last_bgsave_status', `rdb_last_bgsave_status:${n.info.persistence?.rdb_last_bgsave_status}`, {}));

/** A save, an AOF rewrite or a dataset load in progress. */
export const persistenceBusy: LiveCheck = (snap) =>
  snap.nodes.flatMap((n) => {
    const p = n.info.persistence ?? {};
    const busy = ['loading', 'rdb_bgsave_in_progress', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled'].filter((f) => p[f] === '1');
    return busy.length ? [nodeHit(n, busy[0], busy.map((f) => `${f}:1`).join(' '), { what: busy.join(', ') }, 'busy')] : [];
  });

/** The rdb-versions entry of a version's release line, when the table has one. */
function rdbOf(ctx: LiveContext, v: Version): RdbVersionEntry | undefined {
  return ctx.index.rdbVersions.find((r) => r.flavor === v.flavor && r.line === lineOf(v));
}

/**
 * The RDB version the target writes against what the source can read: once the target has saved
 * (or fed a replica a full sync), the source cannot load the data back (rdb-versions table).
 */
export const rdbRollback: LiveCheck = (snap, ctx) => {
  const target = rdbOf(ctx, ctx.path.target);
  if (!target) return [];
  return snap.nodes.flatMap((n) => {
    const v = nodeVersion(n);
    const source = v ? rdbOf(ctx, v) : undefined;
    if (!v || !source || source.rdbVersion >= target.rdbVersion) return [];
    return [nodeHit(n, 'rdb_version', `${v.flavor} ${lineOf(v)} reads RDB ≤ ${source.rdbVersion}; ${ctx.path.target.flavor} ${lineOf(ctx.path.target)} writes RDB ${target.rdbVersion}`,
      { sourceRdb: String(source.rdbVersion), targetRdb: String(target.rdbVersion), source: `${v.flavor} ${lineOf(v)}` }, 'rdb')];
  });
};

/**
 * The target cannot load the RDB a node writes now (rdb-versions table): a node restarted on the
 * target with its dump.rdb (or an AOF with an RDB base) exits, and a target replica cannot complete
 * a full sync from it. A Valkey target reads Redis's RDB 12 and up as a foreign format (refused
 * unless 9.0's `rdb-version-check relaxed` lets it try); any target refuses a version above its own
 * (a rollback, or Valkey to an older Redis) unless relaxed lets it try. Sources: the table's
 * `foreign`/`relaxedFuture` entries (valkey-io/valkey src/rdb.c at 8.1.1 and 9.0.0).
 */
export const rdbRefused: LiveCheck = (snap, ctx) => {
  const t = ctx.path.target;
  const target = rdbOf(ctx, t);
  if (!target) return [];
  return snap.nodes.flatMap((n) => {
    const v = nodeVersion(n);
    const source = v ? rdbOf(ctx, v) : undefined;
    if (!v || !source) return [];
    const r = source.rdbVersion;
    const foreign = v.flavor === 'redis' && target.foreign && r >= target.foreign.min && r <= target.foreign.max ? target.foreign : undefined;
    let why: string;
    let relaxed: boolean;
    if (foreign) {
      why = `${t.flavor} ${lineOf(t)} reads RDB ${foreign.min} to ${foreign.max} under a REDIS header as a foreign format`;
      relaxed = foreign.relaxed === 'accepts';
    } else if (r > target.rdbVersion) {
      why = `${t.flavor} ${lineOf(t)} reads RDB ≤ ${target.rdbVersion}`;
      relaxed = !!target.relaxedFuture;
    } else {
      return [];
    }
    const hint = relaxed ? `; with rdb-version-check relaxed it tries, and fails on any type it does not know` : '';
    // A target that predates the VALKEY magic (no `foreign` facts) stops at the header, before the version.
    const serverError = source.header && !target.foreign ? 'Wrong signature trying to load DB from file' : `Can't handle RDB format version ${r}`;
    return [nodeHit(n, 'rdb_version', `${v.flavor} ${lineOf(v)} writes RDB ${r}; ${why}`,
      { sourceRdb: String(r), source: `${v.flavor} ${lineOf(v)}`, why, relaxed: hint, serverError }, 'rdb-refused')];
  });
};

/** A fork (BGSAVE, AOF rewrite, full sync) needs up to used_memory again under copy-on-write. */
export const forkHeadroom: LiveCheck = (snap) =>
  snap.nodes.flatMap((n) => {
    const used = num(n.info.memory?.used_memory_rss ?? n.info.memory?.used_memory);
    const total = num(n.info.memory?.total_system_memory);
    if (!total || used * 2 <= total) return [];
    const pct = Math.round((used / total) * 100);
    return [nodeHit(n, 'used_memory_rss', `used_memory_rss ${used} bytes, total_system_memory ${total} bytes (${pct}%)`, { pct: String(pct) }, 'fork')];
  });
