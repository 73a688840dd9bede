import type { NodeSnapshot, Snapshot } from '../inputs/live/snapshot.js';
import type { PlanStep } from '../report/report.js';
import { formatVersion, type Version } from '../versions/version.js';
import { masterOf, nodeRole, nodeVersion } from './live/node-facts.js';

const GATE_REPLICA = 'INFO replication on the node: role:slave, master_link_status:up, master_sync_in_progress:0; on its master the replica\'s offset equals master_repl_offset';
const GATE_CLUSTER = 'CLUSTER INFO on every node: cluster_state:ok, cluster_slots_assigned:16384, cluster_slots_ok:16384; the upgraded node is connected in CLUSTER NODES';

/** REPLICAOF arrived in 5.0 (redis/redis 5.0.0 00-RELEASENOTES: "SLAVEOF -> REPLICAOF. SLAVEOF is now an alias"); older servers know SLAVEOF only. */
function replicaofCommand(v: Version | undefined): string {
  return v?.flavor === 'redis' && v.major < 5 ? 'SLAVEOF' : 'REPLICAOF';
}

/**
 * The rolling-upgrade order for a deployment: replicas first, one node at a time, a failover
 * before each master (CLUSTER FAILOVER, SENTINEL FAILOVER, or a manual switch), and the health
 * gate to check between steps. Data only: the tool never runs it.
 */
export function rollingPlan(snap: Snapshot, target: Version): PlanStep[] {
  const steps: PlanStep[] = [];
  const t = formatVersion(target);
  const add = (node: string, action: string, gate: string) => steps.push({ order: steps.length + 1, node, action, gate });
  const nodes = snap.nodes.filter((n) => n.reachable);
  add('all', 'Take an RDB backup of every master (BGSAVE, then copy the file off the host) with the current version; it is the rollback', 'rdb_last_bgsave_status:ok and the file copied');
  if (snap.topology === 'cluster') {
    const view = nodes.find((n) => n.clusterNodes?.length)?.clusterNodes ?? [];
    const masters = view.filter((c) => c.flags.includes('master') && !c.flags.includes('fail'));
    for (const m of masters) {
      const replicas = view.filter((r) => r.masterId === m.id);
      for (const r of replicas) add(r.address, `Upgrade replica ${r.address} of ${m.address} to ${t} and restart it`, GATE_CLUSTER);
      if (replicas[0]) {
        add(replicas[0].address, `CLUSTER FAILOVER on ${replicas[0].address}: it becomes master of ${m.address}'s slots`, `${GATE_CLUSTER}; ${replicas[0].address} is master`);
        add(m.address, `Upgrade the former master ${m.address} (now a replica) to ${t} and restart it`, GATE_CLUSTER);
      } else {
        add(m.address, `Upgrade master ${m.address} to ${t} and restart it: it has no replica, so its slots are unavailable while it restarts`, GATE_CLUSTER);
      }
    }
    return steps;
  }
  const masters = nodes.filter((n) => nodeRole(n) === 'master');
  const replicasOfMaster = (m: NodeSnapshot) => nodes.filter((n) => masterOf(n) === m.address);
  for (const m of masters) {
    const replicas = replicasOfMaster(m);
    for (const r of replicas) add(r.address, `Upgrade replica ${r.address} to ${t} and restart it`, GATE_REPLICA);
    if (replicas[0]) {
      const how = snap.topology === 'sentinel'
        ? `SENTINEL FAILOVER ${snap.masterName ?? '<master-name>'} on one Sentinel (it promotes a replica)`
        : `Fail over: point clients at ${replicas[0].address} and run ${replicaofCommand(target)} NO ONE on it, then ${replicaofCommand(nodeVersion(m))} ${replicas[0].address.replace(':', ' ')} on ${m.address}`;
      add(replicas[0].address, how, `on ${m.address}, now the replica: ${GATE_REPLICA}; and clients write to the new master`);
      add(m.address, `Upgrade the former master ${m.address} (now a replica) to ${t} and restart it`, GATE_REPLICA);
    } else {
      add(m.address, `Upgrade ${m.address} to ${t} and restart it (no replica: downtime while it restarts)`, 'PING answers; INFO persistence loading:0');
    }
  }
  if (snap.topology === 'sentinel') {
    for (const s of snap.sentinels.filter((x) => x.reachable)) add(s.address, `Upgrade Sentinel ${s.address} to ${t} and restart it, one at a time`, 'SENTINEL CKQUORUM <master-name> answers OK on every Sentinel');
  }
  return steps;
}
