import type { Hit } from '../context.js';
import { nodeHit, type LiveCheck } from './context.js';

/** Fewer than three Sentinels: one lost during the roll leaves no majority for a failover. */
export const sentinelCount: LiveCheck = (snap) => {
  if (snap.topology !== 'sentinel') return [];
  const reachable = snap.sentinels.filter((s) => s.reachable);
  const first = reachable[0];
  if (!first || reachable.length >= 3) return [];
  return [nodeHit(first, 'sentinels', `${reachable.length} reachable Sentinel(s)`, { count: String(reachable.length) }, 'count')];
};

/** Per Sentinel: does it know the master, agree on its address, reach quorum, and is no failover running? */
export const sentinelHealth: LiveCheck = (snap) => {
  const hits: Hit[] = [];
  if (snap.topology !== 'sentinel') return hits;
  const addresses = new Set<string>();
  for (const s of snap.sentinels.filter((x) => x.reachable)) {
    const view = s.sentinel?.find((v) => v.name === snap.masterName);
    if (!view) {
      hits.push(nodeHit(s, 'masters', `does not monitor ${snap.masterName}`, { problem: `this Sentinel does not monitor '${snap.masterName}'` }, 'unknown'));
      continue;
    }
    addresses.add(`${view.master.ip}:${view.master.port}`);
    if (view.ckquorum !== undefined && !/^OK/.test(view.ckquorum)) {
      hits.push(nodeHit(s, 'ckquorum', view.ckquorum, { problem: `SENTINEL CKQUORUM: ${view.ckquorum}` }, 'quorum'));
    }
    const flags = view.master.flags ?? '';
    if (/failover_in_progress|promoted/.test(flags) || (view.master['failover-state'] ?? 'none') !== 'none' && view.master['failover-state'] !== undefined) {
      hits.push(nodeHit(s, 'flags', flags, { problem: `a failover of '${snap.masterName}' is in progress (flags ${flags})` }, 'failover'));
    }
    if (/s_down|o_down/.test(flags)) hits.push(nodeHit(s, 'flags', flags, { problem: `'${snap.masterName}' is flagged down (${flags})` }, 'down'));
  }
  const first = snap.sentinels.find((x) => x.reachable);
  if (addresses.size > 1 && first) hits.push(nodeHit(first, 'master', [...addresses].join(', '), { problem: `Sentinels disagree on the master's address: ${[...addresses].join(', ')}` }, 'disagree'));
  return hits;
};
