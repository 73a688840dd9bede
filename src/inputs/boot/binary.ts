import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errorText, messageOf } from '../../errors.js';
import type { Flavor } from '../../versions/version.js';

/** What a server binary says it is. */
export interface BinaryVersion {
  /** The binary as given. */
  bin: string;
  flavor: Flavor;
  /** `7.0.15` as `--version` prints it after `v=` (milestones print their own number, 8.0-m01 says 7.9.224). */
  version: string;
  /** The first line of `--version`, for evidence. */
  text: string;
}

/** A binary or data file that cannot be used; the message is one line, naming the path. */
export class BootInputError extends Error {
  override readonly name = 'BootInputError';
}

/**
 * Runs `BIN --version` and reads the flavor and version from its first line:
 * `Redis server v=7.0.15 …` (redis/redis src/server.c version()), `Valkey server v=8.0.1 …`
 * (valkey-io/valkey 8.0.1 src/server.c main), `Server v=7.2.7 …` (valkey-io/valkey 7.2.7
 * src/server.c version(): Valkey 7.2 printed no name; Redis always prints "Redis server").
 * @throws BootInputError when the file is missing, not executable, or prints no version.
 */
export function binaryVersion(bin: string, timeoutMs = 5000): BinaryVersion {
  try {
    if (!statSync(bin).isFile()) throw new Error('not a file');
    accessSync(bin, constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BootInputError(`${bin}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not executable' : errorText(err)}`);
  }
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  const text = (r.stdout ?? '').split('\n')[0]?.trim() ?? '';
  const m = /^(Redis server|Valkey server|Server) v=(\d+\.\d+\.\d+)\b/.exec(text);
  if (!m) {
    const why = r.error ? messageOf(r.error) : text || (r.stderr ?? '').split('\n')[0] || `exit status ${String(r.status)}`;
    throw new BootInputError(`${bin}: not a Redis or Valkey server binary (--version said: ${why})`);
  }
  return { bin, flavor: m[1] === 'Redis server' ? 'redis' : 'valkey', version: m[2] as string, text };
}

/** How to run redis-check-rdb / redis-check-aof of a server binary. */
export interface CheckTool {
  /** The executable to spawn. */
  file: string;
  /** argv[0] to give it: the server dispatches on that name when `file` is the server itself. */
  argv0: string;
}

const atLeast = (v: string, major: number, minor: number) => {
  const [a = 0, b = 0] = v.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

/**
 * Finds the check tool that belongs to a server binary: `redis-check-rdb` (or `valkey-check-rdb`)
 * beside it in the same directory; else the server binary itself started under that name, which
 * runs the check because main() dispatches on argv[0] (redis/redis src/server.c main at 3.2.13 for
 * check-rdb, at 5.0.14 for check-aof; valkey-io/valkey src/server.c main at 7.2.7 for both).
 * Returns undefined when neither applies (check-aof before 5.0 is a separate program).
 */
export function checkToolFor(server: BinaryVersion, kind: 'rdb' | 'aof'): CheckTool | undefined {
  const prefix = /valkey/i.test(basename(server.bin)) || server.flavor === 'valkey' ? 'valkey' : 'redis';
  const names = [`${prefix}-check-${kind}`, ...(prefix === 'valkey' ? [`redis-check-${kind}`] : [])];
  for (const name of names) {
    const file = join(dirname(server.bin), name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return { file, argv0: file };
    } catch { /* try the next name, then the server itself */ }
  }
  const dispatches = server.flavor === 'valkey' || (kind === 'rdb' ? atLeast(server.version, 3, 2) : atLeast(server.version, 5, 0));
  return dispatches ? { file: server.bin, argv0: `${prefix}-check-${kind}` } : undefined;
}
