import type { Hit } from '../context.js';
import { nodeHit, type LiveCheck } from './context.js';
import { masterOf, nodeRole, num, replicasOf } from './node-facts.js';

/** Replication lag above which a replica is not ready to take over (bytes). */
export const LAG_BYTES = 1024 * 1024;
/** Seconds without I/O from the master above which the link is suspect. */
export const LAG_SECONDS = 10;

/** A replica whose link to its master is down. */
export const replicaLinkDown: LiveCheck = (snap) =>
  snap.nodes.filter((n) => nodeRole(n) === 'replica' && n.info.replication?.master_link_status !== 'up')
    .map((n) => nodeHit(n, 'master_link_status', `master_link_status:${n.info.replication?.master_link_status} (master ${masterOf(n)})`,
      { master: masterOf(n) ?? '?', status: n.info.replication?.master_link_status ?? '?' }));

/** Replicas behind their master by more than LAG_BYTES, or silent for more than LAG_SECONDS. */
export const replicaLag: LiveCheck = (snap) => {
  const hits: Hit[] = [];
  for (const master of snap.nodes.filter((n) => nodeRole(n) === 'master')) {
    const offset = num(master.info.replication?.master_repl_offset);
    for (const r of replicasOf(master)) {
      const behind = offset - num(r.offset);
      const address = `${r.ip}:${r.port}`;
      const replica = snap.nodes.find((n) => n.address === address);
      const io = replica ? num(replica.info.replication?.master_last_io_seconds_ago) : 0;
      if (behind <= LAG_BYTES && io <= LAG_SECONDS) continue;
      hits.push(nodeHit(replica ?? master, replica ? 'master_last_io_seconds_ago' : 'master_repl_offset',
        `${address}: ${behind} bytes behind ${master.address}, last I/O ${io} s ago`, { replica: address, bytes: String(behind), seconds: String(io) }, `lag:${address}`));
    }
  }
  return hits;
};

/** A full synchronisation in progress on a replica. */
export const fullSyncInProgress: LiveCheck = (snap) =>
  snap.nodes.filter((n) => n.info.replication?.master_sync_in_progress === '1')
    .map((n) => nodeHit(n, 'master_sync_in_progress', 'master_sync_in_progress:1', {}));

/** min-replicas-to-write on a master: writes are refused while its replicas restart during the roll. */
export const minReplicasToWrite: LiveCheck = (snap) =>
  snap.nodes.filter((n) => nodeRole(n) === 'master' && num(n.config?.['min-replicas-to-write'] ?? n.config?.['min-slaves-to-write']) > 0)
    .map((n) => {
      const v = n.config?.['min-replicas-to-write'] ?? n.config?.['min-slaves-to-write'] ?? '';
      return nodeHit(n, 'min-replicas-to-write', `min-replicas-to-write ${v}, ${replicasOf(n).length} replica(s) connected`, { value: v, connected: String(replicasOf(n).length) });
    });

/** replica-serve-stale-data no: the replica answers errors while it resyncs after a restart. */
export const staleDataRefused: LiveCheck = (snap) =>
  snap.nodes.filter((n) => nodeRole(n) === 'replica' && (n.config?.['replica-serve-stale-data'] ?? n.config?.['slave-serve-stale-data']) === 'no')
    .map((n) => nodeHit(n, 'replica-serve-stale-data', 'replica-serve-stale-data no', {}));
