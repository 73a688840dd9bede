/**
 * Live-instance test harness: starts real `redis-server` processes (standalone, replicated,
 * sentinel, cluster) on free loopback ports, each in its own temporary directory, and stops them
 * by PID with SIGKILL. The harness itself may run any command (CONFIG SET, CLUSTER DELSLOTS, ...)
 * to build broken variants; only the product's collector has to stay read-only.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REDIS_SERVER } from './redis-server.js';

export const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';
const WAIT_MS = 15_000;

export interface NodeRef { port: number; pid: number }
export interface StandaloneTopology extends NodeRef { dir: string; stop(): Promise<void> }
export interface ReplicatedTopology { master: NodeRef; replica: NodeRef; stop(): Promise<void> }
export interface SentinelTopology extends ReplicatedTopology { sentinels: NodeRef[]; masterName: 'mymaster' }
export interface ClusterTopology { nodes: NodeRef[]; stop(): Promise<void> }
/** PEM files of one side of a TLS connection: its certificate and key, and the CA it trusts for the peer. */
export interface TlsFiles { ca: string; cert: string; key: string }

// ---------------------------------------------------------------------------------------------
// process bookkeeping

interface Running { child: ChildProcess; exited: Promise<void>; isExited: () => boolean }
const running = new Map<number, Running>();
const reservedPorts = new Set<number>();
const liveDirs = new Set<string>();

/** Every PID the harness started and has not seen exit yet. */
export const livePids: ReadonlySet<number> = new Set<number>();
const pids = livePids as Set<number>;

function killLeftovers(): void {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
}
process.on('exit', killLeftovers);
// vitest ends its fork workers with SIGTERM, which skips 'exit' hooks: kill leftovers, then let the
// signal take its default course once no other listener is left to handle it.
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  const onSignal = (): void => {
    killLeftovers();
    process.off(sig, onSignal);
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  process.on(sig, onSignal);
}

/** A free loopback port the harness has not handed out before (concurrent starts never collide). */
async function allocPort(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (!reservedPorts.has(p)) { reservedPorts.add(p); return p; }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True while a process with this PID exists (zombies of our own children are reaped by Node). */
export function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** SIGKILLs one node started by this harness and waits until it has exited. */
export async function kill(node: { pid: number }): Promise<void> {
  const r = running.get(node.pid);
  if (!r) { try { process.kill(node.pid, 'SIGKILL'); } catch { /* gone */ } return; }
  if (!r.isExited()) r.child.kill('SIGKILL');
  await r.exited;
}

// ---------------------------------------------------------------------------------------------
// redis-cli

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs `redis-cli -h 127.0.0.1 -p PORT args...` (raw output, no TTY formatting). */
export function redisCli(port: number, args: string[], opts: { password?: string; user?: string; timeoutMs?: number; tls?: TlsFiles } = {}): Promise<CliResult> {
  const auth = [...(opts.user ? ['--user', opts.user] : []), ...(opts.password ? ['-a', opts.password, '--no-auth-warning'] : []),
    ...(opts.tls ? ['--tls', '--cacert', opts.tls.ca, '--cert', opts.tls.cert, '--key', opts.tls.key] : [])];
  return new Promise((resolve) => {
    execFile(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...auth, ...args], { encoding: 'utf8', timeout: opts.timeoutMs ?? 5000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout: stdout.replace(/\r/g, ''), stderr });
      });
  });
}

/** Like redisCli, but throws on a non-zero exit or an error reply (`ERR ...`) and returns stdout. */
export async function cliOk(port: number, args: string[], opts: { password?: string; user?: string } = {}): Promise<string> {
  const r = await redisCli(port, args, opts);
  if (r.code !== 0 || /^(ERR|WRONGTYPE|NOAUTH|NOPERM|WRONGPASS)\b/.test(r.stdout)) {
    throw new Error(`redis-cli -p ${port} ${args.join(' ')} failed (exit ${r.code}): ${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

/** `field:value` lines of an INFO / CLUSTER INFO reply. */
export function infoFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/** Polls `probe` until it returns true; throws naming the port and what it waited for. */
async function waitFor(port: number, what: string, probe: () => Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr = '';
  while (Date.now() < deadline) {
    try { if (await probe()) return; } catch (e) { lastErr = (e as Error).message; }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} on 127.0.0.1:${port}${lastErr ? ` (last error: ${lastErr})` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// starting one server

interface Spawned extends NodeRef { dir: string }

interface SpawnOpts {
  conf?: string[];       // lines written to <dir>/redis.conf (or sentinel.conf)
  sentinel?: boolean;
  args?: string[];       // extra command-line arguments
  password?: string;     // for the readiness probe
  /** TLS only: the port is the tls-port (plain port 0), clients must present a certificate (tls-auth-clients yes). */
  tls?: { server: TlsFiles; client: TlsFiles };
  cleanup: Cleanup;
}

class Cleanup {
  readonly pids: number[] = [];
  readonly dirs: string[] = [];
  private stopped?: Promise<void>;
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await Promise.all(this.pids.map((pid) => kill({ pid })));
      for (const d of this.dirs) { rmSync(d, { recursive: true, force: true }); liveDirs.delete(d); }
    })();
    return this.stopped;
  }
}

async function spawnServer(o: SpawnOpts): Promise<Spawned> {
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'rul-topo-'));
    o.cleanup.dirs.push(dir);
    liveDirs.add(dir);
    const port = await allocPort();
    const confFile = join(dir, o.sentinel ? 'sentinel.conf' : 'redis.conf');
    writeFileSync(confFile, (o.conf ?? []).join('\n') + '\n');
    const log = join(dir, 'log');
    const args = [confFile, ...(o.sentinel ? ['--sentinel'] : []),
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--save', '', '--appendonly', 'no',
      '--logfile', log, '--protected-mode', 'no', ...(o.args ?? []),
      ...(o.tls ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', o.tls.server.cert, '--tls-key-file', o.tls.server.key,
        '--tls-ca-cert-file', o.tls.server.ca, '--tls-auth-clients', 'yes'] : [])];
    const child = spawn(REDIS_SERVER, args, { cwd: dir, stdio: 'ignore' });
    let spawnError = '';
    child.on('error', (e) => { spawnError = e.message; });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not spawn ${REDIS_SERVER} for port ${port}${spawnError ? `: ${spawnError}` : ''}`);
    let exited = false;
    const exitedP = new Promise<void>((resolve) => child.once('exit', () => { exited = true; pids.delete(pid); resolve(); }));
    running.set(pid, { child, exited: exitedP, isExited: () => exited });
    pids.add(pid);
    o.cleanup.pids.push(pid);
    try {
      await waitFor(port, 'the server to answer PING', async () => {
        if (exited) throw new Error('server exited');
        const r = await redisCli(port, ['PING'], { password: o.password, timeoutMs: 1000, ...(o.tls ? { tls: o.tls.client } : {}) });
        return r.code === 0 && r.stdout.startsWith('PONG');
      }, 10_000);
      return { port, pid, dir };
    } catch (e) {
      const logText = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      lastError = `${(e as Error).message}\n${logText}`;
      await kill({ pid });
      if (!/Address already in use/.test(logText)) break; // only a lost port race is worth a retry
    }
  }
  throw new Error(`redis-server did not start: ${lastError}`);
}

/** Wraps a start sequence so that a failure half-way still kills what was started. */
async function build<T>(fn: (c: Cleanup) => Promise<T>): Promise<T> {
  const c = new Cleanup();
  try { return await fn(c); } catch (e) { await c.stop(); throw e; }
}

const ref = (s: Spawned): NodeRef => ({ port: s.port, pid: s.pid });

// ---------------------------------------------------------------------------------------------
// topologies

export async function startStandalone(opts: { conf?: string[]; password?: string } = {}): Promise<StandaloneTopology> {
  return build(async (c) => {
    const conf = [...(opts.conf ?? []), ...(opts.password !== undefined ? [`requirepass ${opts.password}`] : [])];
    const s = await spawnServer({ conf, password: opts.password, cleanup: c });
    return { port: s.port, pid: s.pid, dir: s.dir, stop: () => c.stop() };
  });
}

/**
 * A standalone server that speaks TLS only: `tls-port` on a free port, `port 0`, and
 * `tls-auth-clients yes`, so a client needs a certificate signed by `server.ca`. The readiness
 * probe connects with `client`'s files.
 */
export async function startTlsStandalone(tls: { server: TlsFiles; client: TlsFiles }): Promise<StandaloneTopology> {
  return build(async (c) => {
    const s = await spawnServer({ tls, cleanup: c });
    return { port: s.port, pid: s.pid, dir: s.dir, stop: () => c.stop() };
  });
}

async function replicatedInto(c: Cleanup, opts: { conf?: string[] }): Promise<{ master: NodeRef; replica: NodeRef }> {
  // repl-diskless-sync-delay defaults to 5 s in 7.x; 0 lets the first sync start at once (callers' conf may override it)
  const master = await spawnServer({ conf: ['repl-diskless-sync-delay 0', ...(opts.conf ?? [])], cleanup: c });
  const replica = await spawnServer({ conf: [...(opts.conf ?? []), `replicaof 127.0.0.1 ${master.port}`], cleanup: c });
  await waitFor(replica.port, `master_link_status:up (replica of 127.0.0.1:${master.port})`, async () =>
    infoFields(await cliOk(replica.port, ['INFO', 'replication']))['master_link_status'] === 'up');
  return { master: ref(master), replica: ref(replica) };
}

/** A master and one replica (`replicaof` the master), with the replica's link up. */
export async function startReplicated(opts: { conf?: string[] } = {}): Promise<ReplicatedTopology> {
  return build(async (c) => ({ ...(await replicatedInto(c, opts)), stop: () => c.stop() }));
}

/** Pairs of a `SENTINEL MASTER` reply (`key\nvalue\n...`). */
function pairs(text: string): Record<string, string> {
  const lines = text.split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < lines.length; i += 2) out[lines[i] as string] = lines[i + 1] as string;
  return out;
}

/** A master, one replica and 3 sentinels monitoring it as `mymaster` (quorum 2), all discovered. */
export async function startSentinels(): Promise<SentinelTopology> {
  return build(async (c) => {
    const { master, replica } = await replicatedInto(c, {});
    const conf = [`sentinel monitor mymaster 127.0.0.1 ${master.port} 2`, 'sentinel down-after-milliseconds mymaster 5000'];
    const sentinels = (await Promise.all([0, 1, 2].map(() => spawnServer({ conf, sentinel: true, cleanup: c })))).map(ref);
    await Promise.all(sentinels.map((s) => waitFor(s.port, 'SENTINEL MASTER mymaster to show num-other-sentinels 2 and num-slaves 1', async () => {
      const m = pairs(await cliOk(s.port, ['SENTINEL', 'MASTER', 'mymaster']));
      return m['num-other-sentinels'] === '2' && m['num-slaves'] === '1';
    })));
    return { master, replica, sentinels, masterName: 'mymaster' as const, stop: () => c.stop() };
  });
}

/**
 * A cluster of 3 masters with `replicas` replicas each (default 1, i.e. 6 nodes), created with
 * `redis-cli --cluster create`, and `cluster_state:ok` with every node known on every node.
 */
export async function startCluster(opts: { replicas?: number } = {}): Promise<ClusterTopology> {
  const replicas = opts.replicas ?? 1;
  const count = 3 * (1 + replicas);
  return build(async (c) => {
    const spawned = await Promise.all(Array.from({ length: count }, async () => {
      const busPort = await allocPort(); // explicit bus port: port+10000 may be out of range or taken
      return spawnServer({
        conf: ['cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 2000', `cluster-port ${busPort}`],
        cleanup: c,
      });
    }));
    const nodes = spawned.map(ref);
    const first = nodes[0] as NodeRef;
    const r = await new Promise<CliResult>((resolve) => {
      execFile(REDIS_CLI, ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'],
        { encoding: 'utf8', timeout: WAIT_MS }, (err, stdout, stderr) => resolve({ code: err ? -1 : 0, stdout, stderr }));
    });
    if (r.code !== 0 || !/All 16384 slots covered/.test(r.stdout)) {
      throw new Error(`redis-cli --cluster create (first node 127.0.0.1:${first.port}) failed:\n${r.stdout}\n${r.stderr}`);
    }
    await Promise.all(nodes.map((n) => waitFor(n.port, `CLUSTER INFO cluster_state:ok, cluster_known_nodes:${count} and settled roles in CLUSTER NODES`, async () => {
      const f = infoFields(await cliOk(n.port, ['CLUSTER', 'INFO']));
      if (f['cluster_state'] !== 'ok' || f['cluster_known_nodes'] !== String(count) || f['cluster_slots_assigned'] !== '16384') return false;
      // roles travel by gossip and can lag behind cluster_state:ok: wait until this node sees every role and link settled
      const view = await clusterNodes(n.port);
      const bad = view.some((l) => l.flags.some((x) => ['handshake', 'noaddr', 'fail', 'fail?'].includes(x)) || l.linkState !== 'connected');
      return !bad && view.filter((l) => l.flags.includes('master')).length === 3 && view.filter((l) => l.flags.includes('slave')).length === 3 * replicas;
    })));
    return { nodes, stop: () => c.stop() };
  });
}

// ---------------------------------------------------------------------------------------------
// broken variants

/** Kills the master (SIGKILL) and waits until the replica reports `master_link_status:down`. */
export async function breakReplicaLink(t: { master: NodeRef; replica: NodeRef }): Promise<void> {
  await kill(t.master);
  await waitFor(t.replica.port, 'master_link_status:down', async () =>
    infoFields(await cliOk(t.replica.port, ['INFO', 'replication']))['master_link_status'] === 'down');
}

export interface ClusterNodeLine { id: string; addr: string; port: number; flags: string[]; masterId: string; linkState: string; slots: string[] }

/** Parsed `CLUSTER NODES` as seen from one node. */
export async function clusterNodes(port: number): Promise<ClusterNodeLine[]> {
  const text = await cliOk(port, ['CLUSTER', 'NODES']);
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => {
    const f = l.trim().split(/\s+/);
    const addr = f[1] ?? '';
    return { id: f[0] ?? '', addr, port: Number(/:(\d+)/.exec(addr)?.[1] ?? 0), flags: (f[2] ?? '').split(','), masterId: f[3] ?? '-', linkState: f[7] ?? '', slots: f.slice(8) };
  });
}

function ownsSlot(n: ClusterNodeLine, slot: number): boolean {
  return n.slots.some((s) => {
    if (s.startsWith('[')) return false;
    const [a, b] = s.split('-').map(Number);
    return a !== undefined && slot >= a && slot <= (b ?? a);
  });
}

async function slotOwner(cluster: ClusterTopology, slot: number): Promise<{ owner: ClusterNodeLine; all: ClusterNodeLine[] }> {
  const first = cluster.nodes[0];
  if (!first) throw new Error('empty cluster');
  const all = await clusterNodes(first.port);
  const owner = all.find((n) => n.flags.includes('master') && ownsSlot(n, slot));
  if (!owner) throw new Error(`slot ${slot} has no owner as seen from 127.0.0.1:${first.port}`);
  return { owner, all };
}

/** `CLUSTER DELSLOTS slot` on the slot's owner; returns the owner's port (whose view now lacks the slot). */
export async function unassignSlot(cluster: ClusterTopology, slot: number): Promise<{ ownerPort: number }> {
  const { owner } = await slotOwner(cluster, slot);
  await cliOk(owner.port, ['CLUSTER', 'DELSLOTS', String(slot)]);
  return { ownerPort: owner.port };
}

/** `CLUSTER SETSLOT slot MIGRATING <other master id>` on the owner (shows `[slot->-id]` there). */
export async function migratingSlot(cluster: ClusterTopology, slot: number): Promise<{ ownerPort: number; targetId: string; targetPort: number }> {
  const { owner, all } = await slotOwner(cluster, slot);
  const target = all.find((n) => n.flags.includes('master') && n.id !== owner.id && !n.flags.includes('fail') && n.slots.length > 0);
  if (!target) throw new Error(`no other master to migrate slot ${slot} to`);
  await cliOk(owner.port, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', target.id]);
  return { ownerPort: owner.port, targetId: target.id, targetPort: target.port };
}

/** Standalone whose conf defines `user limited on >pw ~* &* +@all -config`; connect with these credentials. */
export async function startWithAclUserNoConfig(): Promise<StandaloneTopology & { username: string; password: string }> {
  const username = 'limited';
  const password = 'pw';
  const t = await startStandalone({ conf: [`user ${username} on >${password} ~* &* +@all -config`] });
  return { ...t, username, password };
}

/** Standalone with `rename-command CONFIG ""` (CONFIG is unavailable). */
export async function startWithRenamedConfig(): Promise<StandaloneTopology> {
  return startStandalone({ conf: ['rename-command CONFIG ""'] });
}
