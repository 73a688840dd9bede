import type { NodeSnapshot } from '../../inputs/live/snapshot.js';
import { countSlots } from '../../inputs/live/parse.js';
import type { Hit } from '../context.js';
import { nodeHit, type LiveCheck } from './context.js';
import { num } from './node-facts.js';

const clusterNodes = (nodes: NodeSnapshot[]) => nodes.filter((n) => n.clusterInfo);

/** cluster_state other than ok on any node. */
export const clusterState: LiveCheck = (snap) =>
  clusterNodes(snap.nodes).filter((n) => n.clusterInfo?.cluster_state !== 'ok')
    .map((n) => nodeHit(n, 'cluster_state', `cluster_state:${n.clusterInfo?.cluster_state}`, { state: n.clusterInfo?.cluster_state ?? '?' }));

/** Fewer than 16384 slots assigned, or slots not ok (pfail/fail), as a node sees it. */
export const clusterSlots: LiveCheck = (snap) =>
  clusterNodes(snap.nodes).flatMap((n) => {
    const ci = n.clusterInfo ?? {};
    const assigned = num(ci.cluster_slots_assigned);
    const ok = num(ci.cluster_slots_ok);
    const pfail = num(ci.cluster_slots_pfail);
    const fail = num(ci.cluster_slots_fail);
    if (assigned === 16384 && ok === 16384 && pfail === 0 && fail === 0) return [];
    const summary = `cluster_slots_assigned:${assigned} cluster_slots_ok:${ok} cluster_slots_pfail:${pfail} cluster_slots_fail:${fail}`;
    return [nodeHit(n, 'cluster_slots_assigned', summary, { summary, unassigned: String(16384 - assigned) }, 'slots')];
  });

/** Slots in migration (`[slot->-id]` migrating, `[slot-<-id]` importing) in any node's view. */
export const clusterMigrating: LiveCheck = (snap) => {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const n of clusterNodes(snap.nodes)) {
    for (const c of n.clusterNodes ?? []) {
      if (!c.flags.includes('myself')) continue;
      for (const s of c.slots.filter((x) => x.startsWith('['))) {
        if (seen.has(`${n.address}${s}`)) continue;
        seen.add(`${n.address}${s}`);
        hits.push(nodeHit(n, 'slots', s, { slot: s.replace(/^\[|\]$/g, '').split(/-[<>]-/)[0] ?? s, marker: s }, `migrating:${s}`));
      }
    }
  }
  return hits;
};

const BAD_FLAGS = ['fail', 'fail?', 'handshake', 'noaddr'];

/** Nodes flagged fail, fail?, handshake or noaddr by any reachable node. */
export const clusterNodeFlags: LiveCheck = (snap) => {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const n of clusterNodes(snap.nodes)) {
    for (const c of n.clusterNodes ?? []) {
      const bad = c.flags.filter((f) => BAD_FLAGS.includes(f));
      if (!bad.length || seen.has(c.id)) continue;
      seen.add(c.id);
      hits.push(nodeHit(n, 'cluster_nodes', `${c.id.slice(0, 12)} ${c.address} ${c.flags.join(',')}`, { peer: c.address || c.id, flags: bad.join(',') }, `flags:${c.id}`));
    }
  }
  return hits;
};

/** Masters with slots and no healthy replica: failing one over for its upgrade is impossible. */
export const clusterMasterWithoutReplica: LiveCheck = (snap) => {
  const view = clusterNodes(snap.nodes).find((n) => n.clusterNodes?.length)?.clusterNodes ?? [];
  const seedNode = clusterNodes(snap.nodes)[0];
  if (!seedNode) return [];
  return view.filter((c) => c.flags.includes('master') && countSlots(c.slots) > 0)
    .filter((m) => !view.some((r) => r.masterId === m.id && !r.flags.some((f) => BAD_FLAGS.includes(f)) && r.linkState === 'connected'))
    .map((m) => {
      const node = snap.nodes.find((x) => x.address === m.address) ?? seedNode;
      return nodeHit(node, 'replicas', `${m.address} serves ${countSlots(m.slots)} slots with no connected replica`, { master: m.address, slots: String(countSlots(m.slots)) }, `norep:${m.id}`);
    });
};
