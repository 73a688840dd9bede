import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { errorText, messageOf } from '../../errors.js';
import { BootInputError, checkToolFor, type BinaryVersion } from './binary.js';

export type DataKind = 'rdb' | 'aof';

/** What redis-check-rdb / redis-check-aof of a server said about a copy of the user's data. */
export interface DataCheckFacts {
  kind: DataKind;
  /** The user's file (RDB, old-style AOF) or directory (multi-part AOF), as given. */
  path: string;
  binary: BinaryVersion;
  /** The check tool's name as it ran (`redis-check-rdb`), and its file. */
  tool: { name: string; file: string };
  /** `ok`: exit status 0; `failed`: any other exit; `no-answer`: still running at the timeout (killed). */
  outcome: 'ok' | 'failed' | 'no-answer';
  /** Why it failed (empty when ok): the tool's error lines, at most 8. */
  errorLines: string[];
  /** Everything it printed, the copy's paths replaced by the user's. */
  output: string;
  exitCode: number | null;
  signal: string | null;
  /** Spawn to exit or timeout, in ms. */
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/**
 * Progress and statistics lines of the tools, and their reports on the parts that are fine
 * (src/redis-check-rdb.c rdbCheckInfo / rdbShowGenericInfo, src/redis-check-aof.c at 7.0.15).
 */
const INFO_LINE = /^\[info\]|^\[offset \d+\] (AUX FIELD|Checking RDB file|Selecting DB|Checksum OK)|^\[offset \d+\] \\o\/ RDB looks OK|^Start (checking|to check)|\bis valid$|^RDB preamble is OK|^AOF analyzed: .*diff=0$/;

/**
 * Copies the data into a new temporary directory and runs the server's own check tool on the copy
 * (never on the original; the tool is never given --fix): `redis-check-rdb FILE` for an RDB,
 * `redis-check-aof FILE.manifest` for a multi-part AOF directory of 7.0+ (the appendonlydir with its
 * manifest), `redis-check-aof FILE` for an old-style AOF file. Exit status 0 means the target reads
 * it (src/redis-check-rdb.c redis_check_rdb_main, src/redis-check-aof.c redis_check_aof_main at 7.0.15).
 * The temporary directory is always removed; a tool still running at `timeoutMs` is killed.
 * @throws BootInputError when the data or the tool is missing (one line naming it).
 */
export async function checkDataFile(server: BinaryVersion, kind: DataKind, path: string, opts: { timeoutMs?: number } = {}): Promise<DataCheckFacts> {
  const tool = checkToolFor(server, kind);
  if (!tool) throw new BootInputError(`${server.bin}: no ${kind === 'rdb' ? 'redis-check-rdb' : 'redis-check-aof'} beside it, and ${server.flavor} ${server.version} cannot run it itself`);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new BootInputError(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : messageOf(err)}`);
  }
  if (isDir && kind === 'rdb') throw new BootInputError(`${path}: is a directory, not an RDB file`);
  const dir = mkdtempSync(join(tmpdir(), 'rul-data-'));
  try {
    const copy = join(dir, basename(path));
    let target = copy;
    try {
      if (isDir) {
        cpSync(path, copy, { recursive: true, dereference: true });
        const manifests = readdirSync(copy).filter((f) => f.endsWith('.manifest'));
        if (manifests.length !== 1) {
          throw new BootInputError(`${path}: ${manifests.length ? `${manifests.length} manifest files` : 'no *.manifest file'} in the directory (a multi-part AOF directory of 7.0+ has one); give the AOF file itself for older servers`);
        }
        target = join(copy, manifests[0] as string);
      } else {
        copyFileSync(path, copy);
      }
    } catch (err) {
      if (err instanceof BootInputError) throw err;
      throw new BootInputError(`${path}: cannot copy: ${errorText(err)}`);
    }
    const run = await runTool(tool.file, tool.argv0, target, dir, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const output = run.output.split(copy).join(path).split(dir).join('<temporary directory>');
    const outcome = run.timedOut ? 'no-answer' : run.code === 0 ? 'ok' : 'failed';
    return {
      kind, path, binary: server, tool: { name: basename(tool.argv0), file: tool.file }, outcome,
      errorLines: outcome === 'ok' ? [] : errorLinesOf(output),
      output, exitCode: run.timedOut ? null : run.code, signal: run.timedOut ? null : run.signal, durationMs: run.durationMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function errorLinesOf(output: string): string[] {
  // redis-check-aof prints offsets padded (`0x              4c: Expected …`).
  const lines = output.split('\n').map((l) => l.trim().replace(/^0x\s+([0-9a-f]+):/, '0x$1:')).filter(Boolean);
  const start = lines.findIndex((l) => l === '--- RDB ERROR DETECTED ---');
  const relevant = (start >= 0 ? lines.slice(start) : lines).filter((l) => !INFO_LINE.test(l));
  return (relevant.length ? relevant : lines).slice(-8);
}

function runTool(file: string, argv0: string, target: string, cwd: string, timeoutMs: number):
  Promise<{ code: number | null; signal: string | null; output: string; timedOut: boolean; durationMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, [target], { argv0, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); reject(new BootInputError(`${file}: cannot start: ${messageOf(err)}`)); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8'), timedOut, durationMs: Math.round(performance.now() - t0) });
    });
  });
}
