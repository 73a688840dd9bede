import { lineOf } from '../../versions/version.js';
import { rdbOf, rdbRefusal } from '../rdb.js';
import { nodeHit, type LiveCheck } from './context.js';
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

/**
 * The RDB version the target writes against what the source can read: once the target has saved
 * (or fed a replica a full sync), the source cannot load the data back (rdb-versions table).
 */
export const rdbRollback: LiveCheck = (snap, ctx) => {
  const target = rdbOf(ctx.index.rdbVersions, ctx.path.target);
  if (!target) return [];
  return snap.nodes.flatMap((n) => {
    const v = nodeVersion(n);
    const source = v ? rdbOf(ctx.index.rdbVersions, v) : undefined;
    if (!v || !source || source.rdbVersion >= target.rdbVersion) return [];
    return [nodeHit(n, 'rdb_version', `${v.flavor} ${lineOf(v)} reads RDB ≤ ${source.rdbVersion}; ${ctx.path.target.flavor} ${lineOf(ctx.path.target)} writes RDB ${target.rdbVersion}`,
      { sourceRdb: String(source.rdbVersion), targetRdb: String(target.rdbVersion), source: `${v.flavor} ${lineOf(v)}` }, 'rdb')];
  });
};

/**
 * The target cannot load the RDB a node writes now (rdbRefusal): a node restarted on the target
 * with its dump.rdb (or an AOF with an RDB base) exits, and a target replica cannot complete a full
 * sync from it.
 */
export const rdbRefused: LiveCheck = (snap, ctx) =>
  snap.nodes.flatMap((n) => {
    const v = nodeVersion(n);
    const refusal = v ? rdbRefusal(ctx.index.rdbVersions, v, ctx.path.target) : undefined;
    if (!refusal) return [];
    return [nodeHit(n, 'rdb_version', `${refusal.source} writes RDB ${refusal.sourceRdb}; ${refusal.why}`, { ...refusal }, 'rdb-refused')];
  });

/** A fork (BGSAVE, AOF rewrite, full sync) needs up to used_memory again under copy-on-write. */
export const forkHeadroom: LiveCheck = (snap) =>
  snap.nodes.flatMap((n) => {
    const used = num(n.info.memory?.used_memory_rss ?? n.info.memory?.used_memory);
    const total = num(n.info.memory?.total_system_memory);
    if (!total || used * 2 <= total) return [];
    const pct = Math.round((used / total) * 100);
    return [nodeHit(n, 'used_memory_rss', `used_memory_rss ${used} bytes, total_system_memory ${total} bytes (${pct}%)`, { pct: String(pct) }, 'fork')];
  });
