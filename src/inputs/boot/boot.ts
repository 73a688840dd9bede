import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { errorText, messageOf } from '../../errors.js';
import { BootInputError, binaryVersion, type BinaryVersion } from './binary.js';
import { errorLinesOf, refusalOf } from './output.js';
import { freePort, freePortWithBus } from './ports.js';
import { redactOutput } from '../config/secrets.js';
import { stageConfig, type StagedConfig } from './stage.js';

export interface BootOptions {
  /** The working directory the server is started in; relative include, loadmodule, aclfile and tls-* paths resolve against it. Default process.cwd(). */
  cwd?: string;
  /** Start a Sentinel (`--sentinel`); its `sentinel monitor` lines are kept, so it may contact the masters they name. Default false. */
  sentinel?: boolean;
  /** How long to wait for a reply to PING or an exit, in ms (default 5000). */
  timeoutMs?: number;
}

/** `started`: answered PING; `refused`: exited by itself; `no-answer`: neither within the timeout (then killed). */
export type BootOutcome = 'started' | 'refused' | 'no-answer';

/** What booting a configuration with a real server showed. Text is redacted and names the user's files, not the copies. */
export interface BootFacts {
  /** The configuration file booted, as given. */
  conf: string;
  binary: BinaryVersion;
  outcome: BootOutcome;
  started: boolean;
  /** Why it stopped (empty when it started): stderr and warning-level log lines, prefixes removed, at most 20. */
  errorLines: string[];
  /** Everything it printed on stdout and stderr. */
  output: string;
  /** The user's file and line the server names when it refuses a configuration line. */
  refusedAt?: { file: string; line: number };
  /** Exit status when it exited by itself, else null. */
  exitCode: number | null;
  /** The signal that ended it when it exited by itself on one (a crash), else null. */
  signal: string | null;
  /** From spawning to the reply to PING, the exit, or the timeout, in ms. */
  durationMs: number;
  /** What the booted copy changed: rewritten lines (`dir at FILE:LINE → …`) and command-line overrides. */
  changes: string[];
}

const DEFAULT_TIMEOUT_MS = 5000;
const POLL_MS = 50;

/** True when anything answers PING on 127.0.0.1:port: +PONG, or -NOAUTH / -ERR under requirepass or a renamed PING. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(300, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', () => done(true));
  });
}

/** A loopback listener that drops every connection: where replicaof lines are pointed. */
function blackhole(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((c) => c.destroy());
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/** Command-line options the server applies after the file (redis/redis src/server.c main: `--name value` pairs appended to the configuration). */
async function overridesFor(staged: StagedConfig, dir: string, port: number): Promise<{ args: string[]; changes: string[]; ports: number[] }> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--logfile', '', '--pidfile', join(dir, 'server.pid')];
  const changes = ['port, bind, dir, daemonize, logfile, pidfile overridden on the command line (a free loopback port, the temporary directory)'];
  // Only directives the files set: an option the binary does not know would make it refuse to start.
  const set = (name: string) => staged.last.get(name);
  const ports = [port];
  const another = async (withBus: boolean) => { const p = withBus ? await freePortWithBus() : await freePort(); ports.push(p); return String(p); };
  if (set('supervised')) { args.push('--supervised', 'no'); changes.push('supervised → no'); }
  if (set('unixsocket')) { args.push('--unixsocket', join(dir, 'server.sock')); changes.push('unixsocket → a socket in the temporary directory'); }
  // An empty name is kept: the server refuses it before it writes anything (the refusal is what is proved).
  if (set('cluster-config-file') && set('cluster-config-file')?.[0] !== '') { args.push('--cluster-config-file', join(dir, 'nodes.conf')); changes.push('cluster-config-file → a new file in the temporary directory (no other node known)'); }
  if (set('tls-port') && set('tls-port')?.[0] !== '0') { args.push('--tls-port', await another(true)); changes.push('tls-port → a free loopback port'); }
  if (set('cluster-port') && set('cluster-port')?.[0] !== '0') { args.push('--cluster-port', await another(false)); changes.push('cluster-port → a free loopback port'); }
  return { args, changes, ports };
}

/**
 * Starts `server` on a copy of `conf` (see stageConfig) in a new temporary directory, on a free
 * loopback port, with the overrides that keep it local, and reports whether it answered PING,
 * exited, or neither within `timeoutMs`. The process is always killed (SIGKILL) and the
 * temporary directory always removed. A cluster-enabled configuration starts as a lone node
 * (a new nodes.conf); a replica is pointed at a local listener that never answers.
 * @throws BootInputError when the binary is unusable or the file unreadable (one line).
 */
export async function bootServer(server: BinaryVersion | string, conf: string, opts: BootOptions = {}): Promise<BootFacts> {
  const binary = typeof server === 'string' ? binaryVersion(server) : server;
  const cwd = opts.cwd ?? process.cwd();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dir = mkdtempSync(join(tmpdir(), 'rul-boot-'));
  const hole = await blackhole();
  const holePort = (hole.address() as { port: number }).port;
  try {
    let staged: StagedConfig;
    try {
      staged = stageConfig(conf, { cwd, dir, replicaOf: { host: '127.0.0.1', port: holePort } });
    } catch (err) {
      throw new BootInputError(`${conf}: cannot read: ${errorText(err)}`);
    }
    const port = await freePortWithBus();
    const { args, changes, ports } = await overridesFor(staged, dir, port);
    const env = { ...process.env };
    delete env.NOTIFY_SOCKET; // a supervised server would report to the caller's systemd
    const t0 = performance.now();
    const child = spawn(binary.bin, [staged.file, ...(opts.sentinel ? ['--sentinel'] : []), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    let exit: { code: number | null; signal: string | null } | undefined;
    let spawnError: Error | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('error', (err) => { spawnError = err; exit ??= { code: null, signal: null }; resolve(); });
      child.once('close', (code, signal) => { exit ??= { code, signal }; resolve(); });
    });
    let outcome: BootOutcome = 'no-answer';
    let durationMs = 0;
    try {
      const deadline = t0 + timeoutMs;
      while (!exit && performance.now() < deadline) {
        if (await ping(port)) { outcome = 'started'; break; }
        await Promise.race([exited, new Promise((r) => setTimeout(r, POLL_MS))]);
      }
      durationMs = Math.round(performance.now() - t0);
      if (outcome !== 'started' && exit) outcome = 'refused';
    } finally {
      const selfExit = exit;
      if (!exit) child.kill('SIGKILL');
      await exited;
      exit = selfExit;
    }
    if (spawnError) throw new BootInputError(`${binary.bin}: cannot start: ${messageOf(spawnError)}`);
    return describe(staged, binary, conf, outcome, { out: Buffer.concat(stdout), err: Buffer.concat(stderr) },
      { exit, durationMs, changes: [...staged.changes, ...changes], dir, ports: [...ports, holePort] });
  } finally {
    hole.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(staged: StagedConfig, binary: BinaryVersion, conf: string, outcome: BootOutcome, printed: { out: Buffer; err: Buffer },
  run: { exit?: { code: number | null; signal: string | null }; durationMs: number; changes: string[]; dir: string; ports: number[] }): BootFacts {
  // Copies back to the user's names, the temporary directory and ports to placeholders: the same
  // configuration gives the same text on every run.
  const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');
  const rewritten = new Map(staged.lines.filter((l) => l.text !== l.original).map((l) => [utf8(l.text), utf8(l.original)]));
  const clean = (text: string) => {
    // A line the copy rewrote is shown as the user wrote it.
    let t = text.replace(/^(>>> ')(.*)('\s*)$/gm, (m, a: string, line: string, b: string) => (rewritten.has(line) ? `${a}${rewritten.get(line) as string}${b}` : m));
    for (const [copy, original] of [...staged.originals].sort((a, b) => b[0].length - a[0].length)) t = t.split(copy).join(original);
    t = t.split(run.dir).join('<temporary directory>');
    for (const p of run.ports) t = t.replace(new RegExp(`(?<![\\d.])${p}(?!\\d)`, 'g'), '<port>');
    return redactOutput(t, staged.secrets);
  };
  const stdout = clean(printed.out.toString('utf8'));
  const stderr = clean(printed.err.toString('utf8'));
  const facts: BootFacts = {
    conf, binary, outcome, started: outcome === 'started',
    errorLines: outcome === 'started' ? [] : errorLinesOf(stdout, stderr),
    output: `${stdout}${stderr}`,
    exitCode: outcome === 'refused' ? run.exit?.code ?? null : null,
    signal: outcome === 'refused' ? run.exit?.signal ?? null : null,
    durationMs: run.durationMs,
    changes: run.changes,
  };
  const refusal = outcome === 'refused' ? refusalOf(printed.err.toString('latin1')) : undefined;
  if (refusal) {
    const same = staged.lines.filter((l) => l.text === refusal.text);
    const at = same.filter((l) => l.line === refusal.line);
    const hit = at.length === 1 ? at[0] : same.length === 1 ? same[0] : undefined;
    if (hit) facts.refusedAt = { file: hit.file, line: hit.line };
  }
  return facts;
}
