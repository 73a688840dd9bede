import { isUtf8 } from 'node:buffer';
import type { SourceEntry } from '../../inputs/collect.js';
import { readSourceBytes, SourceFile } from '../../inputs/source/file.js';
import { BytesGate } from '../../inputs/source/gate.js';
import { parseableText } from '../../inputs/source/grammar-gaps.js';
import type { SourceLanguage } from '../../inputs/source/languages.js';
import type { Finding, NotChecked } from '../../report/finding.js';
import type { Rule } from '../../rulepack/types.js';
import type { Suppressed } from '../suppress.js';
import { gateTerm, SourceAnalyser, type FileOutcome } from './analyse.js';
import type { SourceContext } from './context.js';
import type { LibraryPlan } from './libraries.js';
import { ScanThread, type ScanTask } from './scan-thread.js';
import { importFamily, importedNames } from '../../inputs/source/local-imports.js';
import { viaLocalModules, type Outside, type Wrapper } from './wrappers.js';

/** What a source scan did: findings, and how many files were read and parsed. */
export interface SourceScanResult {
  findings: Finding[];
  /** Files read (after the walk). */
  scanned: number;
  /** Files that passed the literal prefilter and were parsed. */
  parsed: number;
  notChecked: NotChecked[];
  /** Names of the client packs whose library some file imports. */
  imported: Set<string>;
  /** The plans some file was checked with (of `plans`). */
  used: Set<LibraryPlan>;
  /** Findings an inline `redis-upgrade-lint: ignore` comment left out. */
  suppressed: Suppressed[];
  /** Files analysed in the worker thread (0 when the scan ran in this one). */
  inWorker: number;
}

/**
 * Where files that pass the gate are parsed and matched: `auto` in a worker thread, with every
 * query compiled once per group of files, when many files (WORKER_MIN_FILES) pass and the compiled
 * worker script is there, else in this thread, a file at a time; `worker` always in a worker
 * (an error when it fails); `here` always in this thread. The findings are the same.
 */
export type ScanThreads = 'auto' | 'worker' | 'here';

export interface ScanOptions { threads?: ScanThreads }

/** Files walked from which a worker is started ahead, while the files are read (it may go unused). */
const WORKER_START_ENTRIES = 1000;
/** Files passing the gate from which the worker pays for its start (~0.1 s) and the combined queries. */
const WORKER_MIN_FILES = 64;

/** What a Lua file must contain to be parsed: `redis.call` or `redis.pcall`. */
const LUA_GATE = ['redis.call', 'redis.pcall'].map((t) => Buffer.from(t));

/**
 * A file that passed the gate, with its text; `entry` is its index in the entries. `asOnDisk`: ast-grep
 * can parse the file as it reads it from disk (UTF-8, no grammar gap to blank out, see parseableText).
 */
interface Gated { path: string; language: SourceLanguage; candidates: number[]; text: string; asOnDisk: boolean; entry: number }

/** A file that could not be read, at its index in the entries. */
type Unread = NotChecked & { entry: number };

/**
 * Scans source files: a cheap literal gate on each file's bytes (the file must name a library's
 * module, see BytesGate; Lua files `redis.call`) decides which files are parsed; a parsed file is
 * in scope for the libraries it imports, and only their rules run on it (so `hmset` on an
 * unrelated object in a file without a Redis client is never reported). Generic checks (commands
 * in code) run on files that import any known client, and on Lua files that call `redis.call`.
 * Then a JavaScript/TypeScript or Python file that imports none but imports a local module that
 * does (the application's wrapper of its client) is checked with that module's plans (viaLocalModules).
 * Unreadable, binary and very large files, and files ast-grep cannot analyse, become `notChecked`.
 * Findings, notChecked and suppressed entries come in the order of `entries`.
 * @throws Error with `threads: 'worker'` when the worker fails.
 */
export function scanSources(entries: SourceEntry[], plans: LibraryPlan[], rules: Rule[], ctx: SourceContext, opts: ScanOptions = {}): SourceScanResult {
  const threads = opts.threads ?? 'auto';
  const thread = threads === 'worker' || (threads === 'auto' && entries.length >= WORKER_START_ENTRIES) ? ScanThread.start() : undefined;
  if (threads === 'worker' && !thread) throw new Error('the scan worker script is not built (npm run build)');
  const analyser = new SourceAnalyser(plans, rules, ctx);
  const read = readAndGate(entries, analyser);

  const outcomes = new Map<Gated, FileOutcome>();
  // ast-grep reads files as UTF-8 and skips others, and cannot blank out grammar gaps: those are analysed here, from their text.
  const remote = read.tasks.filter((t) => t.asOnDisk);
  let inWorker = 0;
  if (thread && (threads === 'worker' || remote.length >= WORKER_MIN_FILES)) {
    const tasks: ScanTask[] = remote.map(({ path, language, candidates, text }) => ({ path, language, candidates, separate: analyser.separateFor(path, language, candidates, text) }));
    const answer = thread.run({ plans, rules: rules.filter((r) => r.inputs.includes('source')), ctx, tasks });
    if (answer.error && threads === 'worker') throw new Error(answer.error);
    remote.forEach((t, i) => { const o = answer.outcomes[i]; if (o) outcomes.set(t, o); });
    inWorker = outcomes.size;
  } else {
    thread?.stop();
  }
  const analysed: { entry: number; outcome: FileOutcome }[] = [];
  const wrappers: Wrapper[] = [];
  for (const item of read.tasks) {
    const outcome = outcomes.get(item) ?? analyser.analyse(new SourceFile(item.path, item.language, item.text), item.candidates);
    analysed.push({ entry: item.entry, outcome });
    if (outcome.plans?.length) wrappers.push({ path: item.path, language: item.language, plans: outcome.plans.map((i) => plans[i] as LibraryPlan) });
    else if (!outcome.imported && !outcome.error) read.mayImport(item.entry, item.language, Buffer.from(item.text));
  }
  // Files that get their client from a wrapper module of the application: analysed here, after the wrappers are known.
  analysed.push(...viaLocalModules(entries, read.outside, wrappers, analyser));
  return { ...collect(entries, plans, read.unread, analysed), scanned: read.scanned, inWorker };
}

/**
 * Reads every entry and applies the literal gate: the files to parse (in entry order), those that
 * could not be read, and, for the files the gate left out, the local module names they may import
 * (`mayImport` adds a file found out of scope later).
 */
function readAndGate(entries: readonly SourceEntry[], analyser: SourceAnalyser) {
  const gates = new Map<SourceLanguage, { indexes: number[]; gate: BytesGate }>();
  const gateOf = (language: SourceLanguage) => {
    let g = gates.get(language);
    if (!g) {
      const indexes = analyser.gatesFor(language);
      g = { indexes, gate: new BytesGate(indexes.map((i) => gateTerm(analyser.gates[i] as (typeof analyser.gates)[number], language))) };
      gates.set(language, g);
    }
    return g;
  };
  const tasks: Gated[] = [];
  const unread: Unread[] = [];
  const outside: Outside[] = [];
  const mayImport = (entry: number, language: SourceLanguage, bytes: Buffer) => {
    const f = importFamily(language);
    const names = f ? importedNames(bytes, f) : [];
    if (names.length) outside.push({ entry, names });
  };
  let scanned = 0;
  for (const [index, entry] of entries.entries()) {
    // The bytes are in a buffer the next read reuses: only a file that passes the gate is decoded.
    const read = readSourceBytes(entry.path, entry.size);
    if ('skipped' in read) { unread.push({ input: entry.path, reason: read.skipped, entry: index }); continue; }
    scanned++;
    const bytes = read.bytes;
    let text: string | undefined;
    const decoded = () => (text ??= bytes.toString('utf8'));
    let candidates: number[] = [];
    if (entry.language === 'lua') {
      if (!LUA_GATE.some((l) => bytes.includes(l))) continue;
    } else {
      const { indexes, gate } = gateOf(entry.language);
      candidates = gate.found(bytes, decoded).map((i) => indexes[i] as number);
      if (candidates.length === 0) { mayImport(index, entry.language, bytes); continue; }
    }
    const full = decoded();
    tasks.push({ path: entry.path, language: entry.language, candidates, text: full, asOnDisk: isUtf8(bytes) && parseableText(entry.language, full) === full, entry: index });
  }
  return { tasks, unread, outside, mayImport, scanned };
}

/** The scan's result from what each entry gave, in entry order. */
function collect(entries: readonly SourceEntry[], plans: readonly LibraryPlan[], unread: readonly Unread[], analysed: readonly { entry: number; outcome: FileOutcome }[]):
  Omit<SourceScanResult, 'scanned' | 'inWorker'> {
  const result: Omit<SourceScanResult, 'scanned' | 'inWorker'> = { findings: [], parsed: 0, notChecked: [], suppressed: [], imported: new Set(), used: new Set() };
  const byEntry = new Map<number, { outcome?: FileOutcome; unread?: NotChecked }>();
  for (const u of unread) byEntry.set(u.entry, { unread: { input: u.input, reason: u.reason } });
  for (const a of analysed) byEntry.set(a.entry, { outcome: a.outcome });
  for (const [index, item] of [...byEntry].sort((a, b) => a[0] - b[0])) {
    if (item.unread) { result.notChecked.push(item.unread); continue; }
    const outcome = item.outcome as FileOutcome;
    if (outcome.imported) {
      result.parsed++;
      for (const name of outcome.imported) result.imported.add(name);
      for (const i of outcome.plans ?? []) result.used.add(plans[i] as LibraryPlan);
    }
    if (outcome.error) result.notChecked.push({ input: (entries[index] as SourceEntry).path, reason: outcome.error });
    result.findings.push(...outcome.findings);
    result.suppressed.push(...outcome.suppressed);
  }
  return result;
}
