import { toolVersion } from '../../paths.js';
import { collectNode } from './collect-node.js';
import { ReadOnlyConnection, type ConnectOptions, type Endpoint } from './connection.js';
import { parseInfoValue } from './parse.js';
import { redactUrl } from './redact.js';
import { SNAPSHOT_SCHEMA_VERSION, type NodeSnapshot, type Snapshot } from './snapshot.js';

export interface DiscoverOptions extends ConnectOptions {
  /** Nodes collected at once. */
  concurrency: number;
  sentinel?: { endpoint: Endpoint; masterName: string };
}

export function endpointOf(address: string): Endpoint {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

function key(e: Endpoint): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

/** Runs `fn` over items with at most `limit` at once, preserving order. */
async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

/** The other nodes a node points at: its master, its replicas, or every cluster node. */
function neighbours(n: NodeSnapshot): string[] {
  const out: string[] = [];
  if (n.clusterNodes) {
    for (const c of n.clusterNodes) if (c.address && !c.address.startsWith(':') && !c.flags.includes('myself')) out.push(c.address);
  }
  const repl = n.info.replication ?? {};
  if ((repl.role === 'slave' || repl.role === 'replica') && repl.master_host) out.push(key({ host: repl.master_host, port: Number(repl.master_port) }));
  for (const [k, v] of Object.entries(repl)) {
    if (/^slave\d+$/.test(k)) {
      const r = parseInfoValue(v);
      if (r.ip && r.port) out.push(key({ host: r.ip, port: Number(r.port) }));
    }
  }
  return out;
}

/**
 * From one address, collects every node of the deployment: the replication tree (both
 * directions), every cluster node, or, with a Sentinel, the master, its replicas and every
 * Sentinel. Nodes are collected concurrently (bounded); a dead node costs its timeout only.
 */
export async function discover(seedUrl: string, seed: Endpoint, opts: DiscoverOptions): Promise<Snapshot> {
  const collect = (address: string) => collectNode(new ReadOnlyConnection(endpointOf(address), opts));
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    kind: 'redis-upgrade-lint-snapshot',
    tool: { name: 'redis-upgrade-lint', version: toolVersion() },
    collectedAt: new Date().toISOString(),
    seed: redactUrl(seedUrl),
    topology: 'standalone',
    nodes: [],
    sentinels: [],
  };
  const seen = new Set<string>();
  let frontier: string[];
  if (opts.sentinel) {
    snapshot.topology = 'sentinel';
    snapshot.masterName = opts.sentinel.masterName;
    const first = await collect(key(opts.sentinel.endpoint));
    const view = first.sentinel?.find((v) => v.name === opts.sentinel?.masterName);
    const others = (view?.sentinels ?? []).map((s) => key({ host: s.ip ?? '', port: Number(s.port) }));
    snapshot.sentinels = [first, ...await pool(others, opts.concurrency, collect)];
    frontier = view ? [key({ host: view.master.ip ?? '', port: Number(view.master.port) }),
      ...view.replicas.map((r) => key({ host: r.ip ?? '', port: Number(r.port) }))] : [];
    if (!view) first.skipped.push({ command: `SENTINEL MASTER ${opts.sentinel.masterName}`, reason: 'this Sentinel does not monitor a master of that name' });
  } else {
    frontier = [key(seed)];
  }
  while (frontier.length) {
    const batch = [...new Set(frontier)].filter((a) => !seen.has(a));
    batch.forEach((a) => seen.add(a));
    const nodes = await pool(batch, opts.concurrency, collect);
    snapshot.nodes.push(...nodes);
    frontier = nodes.flatMap(neighbours).filter((a) => !seen.has(a));
  }
  snapshot.nodes.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
  snapshot.sentinels.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
  if (snapshot.topology !== 'sentinel') {
    if (snapshot.nodes.some((n) => n.info.cluster?.cluster_enabled === '1')) snapshot.topology = 'cluster';
    else if (snapshot.nodes.length > 1) snapshot.topology = 'replication';
  }
  return snapshot;
}
