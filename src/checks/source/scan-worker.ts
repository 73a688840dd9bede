// A worker thread that parses and matches many source files in ast-grep's own threads, for
// scan-thread.ts. It receives one ScanJob on its port and answers one ScanAnswer, then raises the
// shared flag the scanning thread sleeps on (that thread is blocked and cannot take events).
import { findInFiles, type NapiConfig, type SgNode } from '@ast-grep/napi';
import { workerData, type MessagePort } from 'node:worker_threads';
import { CombinedQuery } from '../../inputs/source/combined.js';
import { SourceFile, type Match } from '../../inputs/source/file.js';
import { astGrepLanguage, type SourceLanguage } from '../../inputs/source/languages.js';
import { messageOf } from '../../errors.js';
import { SourceAnalyser, type FileOutcome } from './analyse.js';
import type { LibraryPlan } from './libraries.js';
import { ANSWERED, READY, type ScanAnswer, type ScanJob, type ScanTask } from './scan-thread.js';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };

function signal(state: number): void {
  Atomics.store(flag, 0, state);
  Atomics.notify(flag, 0);
}

function answer(a: ScanAnswer): void {
  port.postMessage(a);
  signal(ANSWERED);
}

/** A rule whose query cannot be combined is searched alone in this many files or more; below, each file compiles it. */
const SEPARATE_MIN_FILES = 4;
/**
 * Searches run at once. Each has ast-grep's walker threads (one per core) parse and match while
 * this thread reads the matches of the finished files: more at once only queue more parsed trees
 * in memory, and take CPU from this thread.
 */
const SEARCHES_AT_ONCE = 2;

/** Runs `work` on every item, `limit` at a time. */
async function inTurn<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** Runs one query over files; resolves once every file's callback has run. */
function search(language: SourceLanguage, paths: string[], matcher: NapiConfig, onFile: (path: string, nodes: SgNode[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let expected = -1;
    findInFiles(astGrepLanguage(language), { paths, matcher }, (err, nodes) => {
      seen++;
      // An error is a file ast-grep could not read or parse: it is analysed again by the scanning thread.
      if (!err && nodes.length) onFile(nodes[0]?.getRoot().filename() as string, nodes);
      if (seen === expected) resolve();
    }).then((n) => {
      // The promise can settle before the last callbacks have run.
      expected = n;
      if (seen >= n) resolve();
    }, reject);
  });
}

async function run(job: ScanJob): Promise<ScanAnswer> {
  const analyser = new SourceAnalyser(job.plans, job.rules, job.ctx);
  const outcomes: (FileOutcome | undefined)[] = job.tasks.map(() => undefined);
  // Files whose candidate plans (libraries, and the scope of each) are the same share a query: it holds only those plans' rules.
  const groups = new Map<string, { language: SourceLanguage; plans: Set<LibraryPlan>; tasks: Map<string, number> }>();
  job.tasks.forEach((t, i) => {
    const plans = analyser.plansOf(t.path, t.candidates);
    const key = `${t.language} ${plans.map((p) => analyser.plans.indexOf(p)).sort((a, b) => a - b).join(',')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, g = { language: t.language, plans: new Set(plans), tasks: new Map() });
    g.tasks.set(t.path, i);
  });
  // Rules with constraints first, each alone over the files it may run on (in a tree of their own).
  const separate = new Map<string, Map<NapiConfig, Match[]>>();
  const bySeparate = new Map<number, ScanTask[]>();
  for (const t of job.tasks) for (const s of t.separate) (bySeparate.get(s) ?? bySeparate.set(s, []).get(s) as ScanTask[]).push(t);
  const alone: { language: SourceLanguage; query: NapiConfig; paths: string[] }[] = [];
  for (const [s, tasks] of bySeparate) {
    if (tasks.length < SEPARATE_MIN_FILES) continue;
    const query = analyser.separateQuery(s);
    const byLanguage = new Map<SourceLanguage, string[]>();
    for (const t of tasks) {
      (byLanguage.get(t.language) ?? byLanguage.set(t.language, []).get(t.language) as string[]).push(t.path);
      (separate.get(t.path) ?? separate.set(t.path, new Map()).get(t.path) as Map<NapiConfig, Match[]>).set(query, []);
    }
    for (const [language, paths] of byLanguage) alone.push({ language, query, paths });
  }
  await inTurn(alone, SEARCHES_AT_ONCE, ({ language, query, paths }) => search(language, paths, query, (path, nodes) => {
    separate.get(path)?.set(query, nodes.map((node) => ({ node, get: (name: string) => node.getMatch(name) })));
  }));
  await inTurn([...groups.values()], SEARCHES_AT_ONCE, (g) => {
    const query = new CombinedQuery(analyser.queries(g.language, g.plans));
    const standIns = analyser.standIns(g.language);
    return search(g.language, [...g.tasks.keys()], query.matcher, (path, nodes) => {
      const i = g.tasks.get(path);
      if (i === undefined) return;
      const task = job.tasks[i] as ScanTask;
      const root = (nodes[0] as SgNode).getRoot().root();
      const file = new SourceFile(task.path, task.language, root.text());
      const found = query.split(nodes);
      for (const [q, matches] of separate.get(path) ?? []) found.set(q, matches);
      for (const [asked, by] of standIns) found.set(asked, found.get(by) ?? []);
      file.adopt(root, found);
      outcomes[i] = analyser.analyse(file, task.candidates);
    });
  });
  return { outcomes };
}

port.once('message', (job: ScanJob) => {
  run(job).then(answer, (err: unknown) => answer({ outcomes: [], error: messageOf(err) }));
});
process.on('uncaughtException', (err) => answer({ outcomes: [], error: messageOf(err) }));
signal(READY);
