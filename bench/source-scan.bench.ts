import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../test/helpers/cli.js';
import { generateSourceTree, type GeneratedTree } from './source-tree.js';

/**
 * Scanning a monorepo-like tree of 20,000+ source files (`runCheck` on the directory, in a child
 * process so its peak RSS can be measured) against ripgrep searching the same tree for the same
 * literal prefilter terms, alternating, in the same run. Requirement: the scanner's median time
 * within 3x of rg's, and its peak RSS under 500 MB.
 */

const FILES = 21_000;
const REDIS_SHARE = 0.07;
const RUNS = 5;
const RG_THREADS = 2;
const MAX_RATIO = 3;
const MAX_RSS_MB = 500;
const CHILD = join(ROOT, 'bench', 'source-scan-child.mjs');
const PARSE_CHILD = join(ROOT, 'bench', 'parse-floor-child.mjs');
const READ_CHILD = join(ROOT, 'bench', 'read-floor-child.mjs');
const TIME = '/usr/bin/time';

let tree: GeneratedTree;
let dir: string;

function rgVersion(): string {
  const r = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error('ripgrep (rg) is needed by the source-scan benchmark and was not found on PATH: install it '
      + '(Debian/Ubuntu: `apt-get install -y ripgrep`; macOS: `brew install ripgrep`) and run `npm run bench` again');
  }
  return r.stdout.split('\n')[0] ?? 'rg';
}

/** The literal prefilter terms of the scanner, from the loaded packs: every client pack's imports, and the Lua gate. */
async function prefilterTerms(): Promise<string[]> {
  const { loadRules } = await import(join(ROOT, 'dist', 'src', 'checks', 'rules.js')) as typeof import('../src/checks/rules.js');
  const index = loadRules();
  const terms = new Set<string>();
  for (const pack of index.packs) for (const m of pack.library?.imports ?? []) terms.add(m);
  if (terms.size === 0) throw new Error('no client pack with library.imports was loaded');
  terms.add('redis.call');
  terms.add('redis.pcall');
  return [...terms];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** rg's flags: the same files as the scanner (.gitignore honoured outside a git repository too; node_modules is in it). */
function rgArgs(terms: string[]): string[] {
  return [`-j${RG_THREADS}`, '--no-require-git', '--no-config', ...terms.flatMap((t) => ['-e', t])];
}

function runRg(terms: string[]): { ms: number; matched: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync('rg', ['--files-with-matches', '--fixed-strings', ...rgArgs(terms), dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`rg failed (${r.status}): ${r.stderr}`);
  return { ms, matched: r.stdout.split('\n').filter(Boolean).length };
}

interface ScanRun { ms: number; rssMB: number; findings: number; byRule: Record<string, number>; scanned: number; parsed: number; runCheckMs: number }

function runScanner(): ScanRun {
  const useTime = existsSync(TIME);
  const [cmd, args] = useTime ? [TIME, ['-f', '%M', process.execPath, CHILD, dir]] : [process.execPath, [CHILD, dir]];
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args as string[], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`scanner failed (${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Omit<ScanRun, 'ms' | 'rssMB'> & { maxRssKiB: number };
  const timeKiB = useTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  const kib = Number.isFinite(timeKiB) ? timeKiB : out.maxRssKiB;
  return { ...out, ms, rssMB: kib / 1024 };
}

/**
 * The parse floor: a process that only parses the Redis-using files of the tree (those the
 * scanner must parse) with ast-grep's parseFiles on every core, and matches nothing. No scanner
 * built on ast-grep's tree-sitter grammars can be faster than this on the same tree.
 */
function runParseFloor(list: string): { ms: number; files: number; parsed: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [PARSE_CHILD, list], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`the parse-floor child failed (${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim()) as { files: number; parsed: number };
  return { ms, ...out };
}

/**
 * The read floor: a process that only reads the files rg searched (given as a list: no walk, no
 * .gitignore) and looks for the same terms with Buffer.indexOf. No scanner that reads the files in
 * Node can be faster than this; rg reads them in native threads.
 */
function runReadFloor(list: string, terms: string[]): { ms: number; files: number; matched: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [READ_CHILD, list, JSON.stringify(terms)], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`the read-floor child failed (${r.status}): ${r.stderr}`);
  return { ms, ...JSON.parse(r.stdout.trim()) as { files: number; matched: number } };
}

/** What every run pays before it reads a file: Node start-up, the imports of runCheck and loading the packs. */
function runFloor(): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { loadRules } from ${JSON.stringify(join(ROOT, 'dist', 'src', 'checks', 'rules.js'))}; loadRules();`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`loading the packs failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

beforeAll(() => {
  rgVersion();
  dir = mkdtempSync(join(tmpdir(), 'rul-bench-source-'));
  tree = generateSourceTree(dir, ROOT, { files: FILES, redisShare: REDIS_SHARE });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 300_000);

it('source scan vs ripgrep on the same literal prefilter terms', async () => {
  const version = rgVersion();
  const terms = await prefilterTerms();

  // Both sides search the same files: what rg lists is what the scanner reads.
  const listed = spawnSync('rg', ['--files', ...rgArgs([]), dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const rgPaths = listed.stdout.split('\n').filter(Boolean);
  expect(rgPaths.length).toBe(tree.searched);
  const searchedList = join(dir, '..', `${dir.split('/').pop() as string}.searched-list`);
  writeFileSync(searchedList, rgPaths.join('\n'));

  // A warm-up of rg (page cache), then alternate: rg, the scanner, the fixed cost.
  runRg(terms);
  const rg: number[] = [];
  const scans: ScanRun[] = [];
  const floor: number[] = [];
  const parseFloor: number[] = [];
  const readFloor: number[] = [];
  const list = join(dir, '..', `${dir.split('/').pop() as string}.parse-list`);
  writeFileSync(list, tree.redisPaths.map((p) => join(dir, p)).join('\n'));
  let parsedAlone = 0;
  let matched = 0;
  for (let i = 0; i < RUNS; i++) {
    const g = runRg(terms);
    rg.push(g.ms);
    matched = g.matched;
    const s = runScanner();
    // It really scanned: every file rg searched was read, and the Redis-using ones gave findings.
    expect(s.scanned).toBe(tree.searched);
    expect(s.findings).toBeGreaterThan(0);
    scans.push(s);
    floor.push(runFloor());
    const p = runParseFloor(list);
    expect(p.parsed).toBe(tree.redisFiles);
    parsedAlone = p.parsed;
    parseFloor.push(p.ms);
    const rf = runReadFloor(searchedList, terms);
    // The same files, and the same answer as rg's.
    expect(rf.files).toBe(tree.searched);
    expect(rf.matched).toBe(g.matched);
    readFloor.push(rf.ms);
  }
  rmSync(list, { force: true });
  rmSync(searchedList, { force: true });
  const rgMs = median(rg);
  const scanMs = median(scans.map((s) => s.ms));
  const inProcess = median(scans.map((s) => s.runCheckMs));
  const floorMs = median(floor);
  const parseFloorMs = median(parseFloor);
  const readFloorMs = median(readFloor);
  const peak = Math.max(...scans.map((s) => s.rssMB));
  const ratio = scanMs / rgMs;
  const last = scans[scans.length - 1] as ScanRun;
  const perSec = (ms: number) => Math.round(tree.searched / (ms / 1000)).toLocaleString('en-US');
  process.stdout.write([
    '',
    `source tree: ${tree.searched} files searched (${tree.redisFiles} use a Redis client, ${tree.repoFiles} are this repository's src/ and test/; `
      + `${Object.entries(tree.byExtension).map(([e, n]) => `${e} ${n}`).join(', ')}), ${tree.ignored} more in node_modules and .gitignore'd paths`,
    `prefilter terms (${terms.length}): ${terms.join(', ')}`,
    `${version}, -j${RG_THREADS}: median ${rgMs.toFixed(0)} ms over ${RUNS} runs, ${perSec(rgMs)} files/s, ${matched} files matched`,
    `redis-upgrade-lint runCheck (child process): median ${scanMs.toFixed(0)} ms (runCheck itself ${inProcess.toFixed(0)} ms), ${perSec(scanMs)} files/s, `
      + `${last.parsed} files parsed, ${last.findings} findings from ${Object.keys(last.byRule).length} rules (most: `
      + `${Object.entries(last.byRule).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([id, n]) => `${id} ${n}`).join(', ')})`,
    `fixed cost, no file read (node start-up, imports, loadRules): median ${floorMs.toFixed(0)} ms = ${(floorMs / rgMs).toFixed(2)}x rg`,
    `read floor (node start-up, then open/read/close of the ${tree.searched} files rg listed and Buffer.indexOf of the terms; no walk, no parse): `
      + `median ${readFloorMs.toFixed(0)} ms = ${(readFloorMs / rgMs).toFixed(2)}x rg`,
    `parse floor (node start-up, ast-grep parseFiles of the ${parsedAlone} Redis-using files on every core, no matching): median ${parseFloorMs.toFixed(0)} ms = ${(parseFloorMs / rgMs).toFixed(2)}x rg`,
    `ratio scanner / rg: ${ratio.toFixed(2)}x (limit ${MAX_RATIO}x); scanner peak RSS ${peak.toFixed(0)} MB (limit ${MAX_RSS_MB} MB)`,
    '',
  ].join('\n'));
  expect(ratio, `scanner ${scanMs.toFixed(0)} ms vs rg ${rgMs.toFixed(0)} ms`).toBeLessThanOrEqual(MAX_RATIO);
  expect(peak).toBeLessThan(MAX_RSS_MB);
}, 1_800_000);
