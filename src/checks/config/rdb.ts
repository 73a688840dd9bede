import type { ConfigCheck } from '../context.js';
import { rdbRefusal } from '../rdb.js';

/**
 * The data files a server of the source writes (dump.rdb, an AOF's RDB base) that the target
 * refuses to load (rdbRefusal): a rollback to an older line, or Redis 7.4+ to Valkey. Said once per
 * configuration file, which starts the target fine without data and exits with them.
 */
export const rdbRefusedOnPath: ConfigCheck = (doc, ctx) => {
  if (doc.kind === 'sentinel' || !ctx.rdbVersions) return [];
  const refusal = rdbRefusal(ctx.rdbVersions, ctx.path.from, ctx.path.target);
  return refusal ? [{ location: { file: doc.file }, evidence: `${refusal.source} writes RDB ${refusal.sourceRdb}; ${refusal.why}`, key: 'rdb-refused', vars: { ...refusal } }] : [];
};
