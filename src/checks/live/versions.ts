import { compareSameFlavor, formatVersion } from '../../versions/version.js';
import type { LiveCheck } from './context.js';
import { nodeHit } from './context.js';
import { masterOf, nodeVersion } from './node-facts.js';

const all = (snap: Parameters<LiveCheck>[0]) => [...snap.nodes, ...snap.sentinels];

/** Nodes that could not be reached: nothing about them was checked. */
export const unreachableNode: LiveCheck = (snap) =>
  all(snap).filter((n) => !n.reachable).map((n) => nodeHit(n, undefined, n.error ?? 'unreachable', { error: n.error ?? 'unreachable' }, 'unreachable'));

/** Every node's version, so the report shows the whole fleet. */
export const nodeVersions: LiveCheck = (snap) =>
  all(snap).filter((n) => n.reachable).flatMap((n) => {
    const v = nodeVersion(n);
    return v ? [nodeHit(n, 'version', `${v.flavor} ${v.major}.${v.minor}.${v.patch}`, { version: formatVersion(v) }, 'version')] : [];
  });

/** Data nodes of different versions (a rolling upgrade left half done, or drift). */
export const mixedVersions: LiveCheck = (snap) => {
  const versions = new Map<string, string[]>();
  for (const n of snap.nodes) {
    const v = nodeVersion(n);
    if (v) versions.set(formatVersion(v), [...(versions.get(formatVersion(v)) ?? []), n.address]);
  }
  if (versions.size < 2) return [];
  const list = [...versions].map(([v, ns]) => `${v} (${ns.join(', ')})`).join('; ');
  const first = snap.nodes.find((n) => n.reachable);
  return first ? [{ ...nodeHit(first, 'version', list, { versions: list }, 'mixed'), location: { instance: snap.seed, field: 'version' } }] : [];
};

/** A replica running an older version than its master cannot load the master's RDB or replay newer commands. */
export const replicaOlder: LiveCheck = (snap) =>
  snap.nodes.flatMap((n) => {
    const m = masterOf(n);
    const master = m ? snap.nodes.find((x) => x.address === m) : undefined;
    const rv = nodeVersion(n);
    const mv = master ? nodeVersion(master) : undefined;
    if (!rv || !mv || rv.flavor !== mv.flavor || compareSameFlavor(rv, mv) >= 0) return [];
    return [nodeHit(n, 'version', `replica ${formatVersion(rv)}, master ${m} ${formatVersion(mv)}`, { replicaVersion: formatVersion(rv), master: m as string, masterVersion: formatVersion(mv) })];
  });
