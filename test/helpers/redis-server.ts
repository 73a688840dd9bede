import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** The version the binary reports, e.g. `7.0.15`; throws when the binary is missing. */
export function serverVersion(bin = REDIS_SERVER): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /v=(\d+\.\d+\.\d+)/.exec(r.stdout ?? '');
  if (!m) throw new Error(`${bin} not usable (${r.error?.message ?? r.stderr}): install it with apt-get install redis-server`);
  return m[1] as string;
}

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    sock.setTimeout(300, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', () => done(true)); // any reply (+PONG, -NOAUTH, -ERR) means the server is up
  });
}

export interface BootResult { started: boolean; output: string }

/**
 * Starts a server with a configuration file, overriding only what keeps the run local and
 * disposable (port, bind 127.0.0.1, dir, daemonize, logfile, pidfile, supervised), and reports
 * whether it came up (answered on its port) or exited. The process is killed afterwards.
 */
export async function bootWith(conf: string, opts: { cwd: string; sentinel?: boolean; bin?: string; timeoutMs?: number }): Promise<BootResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rul-boot-'));
  const port = await freePort();
  const args = [conf, ...(opts.sentinel ? ['--sentinel'] : []), '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--daemonize', 'no', '--logfile', '', '--pidfile', join(dir, 'redis.pid'), '--supervised', 'no'];
  const child: ChildProcess = spawn(opts.bin ?? REDIS_SERVER, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => { output += b.toString(); });
  child.stderr?.on('data', (b: Buffer) => { output += b.toString(); });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  let started = false;
  while (!exited && Date.now() < deadline) {
    if (await ping(port)) { started = true; break; }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!exited) {
    child.kill('SIGKILL');
    await exit;
  }
  rmSync(dir, { recursive: true, force: true });
  if (!started && !exited) throw new Error(`${conf}: the server neither started nor exited in time:\n${output}`);
  return { started, output };
}
