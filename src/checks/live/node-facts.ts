import type { NodeSnapshot } from '../../inputs/live/snapshot.js';
import { parseInfoValue } from '../../inputs/live/parse.js';
import type { Version } from '../../versions/version.js';

/**
 * The server a node runs. Valkey reports `server_name:valkey` and `valkey_version` while keeping
 * `redis_version:7.2.4` for compatibility (valkey-io/valkey 7.2.4 RC1 release notes).
 */
export function nodeVersion(n: NodeSnapshot): Version | undefined {
  const s = n.info.server ?? {};
  const valkey = s.server_name === 'valkey' || s.valkey_version !== undefined;
  const raw = valkey ? s.valkey_version : s.redis_version;
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(raw ?? '');
  if (!m) return undefined;
  return { flavor: valkey ? 'valkey' : 'redis', major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** `master`, `replica` or `sentinel`, as INFO prints it (slave shown as replica). */
export function nodeRole(n: NodeSnapshot): string {
  if (n.info.server?.redis_mode === 'sentinel') return 'sentinel';
  const role = n.info.replication?.role;
  return role === 'slave' ? 'replica' : role ?? 'unknown';
}

/** host:port of a replica's master, from INFO replication. */
export function masterOf(n: NodeSnapshot): string | undefined {
  const r = n.info.replication ?? {};
  return r.master_host ? `${r.master_host}:${r.master_port}` : undefined;
}

/** The replicas a master lists in INFO replication (slaveN lines). */
export function replicasOf(n: NodeSnapshot): Record<string, string>[] {
  return Object.entries(n.info.replication ?? {}).filter(([k]) => /^slave\d+$/.test(k)).map(([, v]) => parseInfoValue(v));
}

export function num(v: string | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}
