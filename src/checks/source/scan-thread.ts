import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { SourceLanguage } from '../../inputs/source/languages.js';
import type { Rule } from '../../rulepack/types.js';
import type { FileOutcome } from './analyse.js';
import type { SourceContext } from './context.js';
import type { LibraryPlan } from './libraries.js';

/**
 * A file that passed the gate: `candidates` index the analyser's import gates, `separate` the rules
 * that may run on it whose queries cannot be combined (SourceAnalyser.separateFor).
 */
export interface ScanTask { path: string; language: SourceLanguage; candidates: number[]; separate: number[] }

/** What the worker needs to build the same SourceAnalyser as the scanning thread (plain data). */
export interface ScanJob { plans: LibraryPlan[]; rules: Rule[]; ctx: SourceContext; tasks: ScanTask[] }

/** An outcome per task; undefined for a file the worker could not read or parse (the scanning thread analyses it). */
export interface ScanAnswer { outcomes: (FileOutcome | undefined)[]; error?: string }

// The worker's state in the shared flag.
const STARTING = 0;
export const READY = 1;
export const ANSWERED = 2;
/** How long a worker may take to load its modules before the scan goes on without it (ms). */
const READY_TIMEOUT_MS = 10_000;

/**
 * A worker thread that runs a scan job in ast-grep's own threads (`findInFiles`, one compiled
 * query per group of files) and answers synchronously: the caller sleeps on a shared flag until the
 * answer is there, so scanning stays a synchronous call. Started before the files are read, so that
 * loading its modules overlaps the reading.
 */
export class ScanThread {
  private constructor(private readonly worker: Worker, private readonly port: MessagePort, private readonly flag: Int32Array) {}

  /** Starts the worker, or returns undefined when its compiled script is not there (running from TypeScript sources). */
  static start(): ScanThread | undefined {
    const script = new URL('./scan-worker.js', import.meta.url);
    if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { port: port2, flag }, transferList: [port2] });
    worker.unref();
    // Errors come back as answers; a worker that fails to load is detected by its silence.
    worker.on('error', () => undefined);
    return new ScanThread(worker, port1, flag);
  }

  /**
   * Runs a job and returns the worker's answer; `error` says why there is none (the worker did not
   * load in time, or failed). Blocks the calling thread.
   */
  run(job: ScanJob): ScanAnswer {
    try {
      Atomics.wait(this.flag, 0, STARTING, READY_TIMEOUT_MS);
      if (Atomics.load(this.flag, 0) === STARTING) return { outcomes: [], error: `the scan worker did not start within ${READY_TIMEOUT_MS} ms` };
      this.port.postMessage(job);
      Atomics.wait(this.flag, 0, READY);
      return receiveMessageOnPort(this.port)?.message as ScanAnswer | undefined ?? { outcomes: [], error: 'the scan worker gave no answer' };
    } finally {
      this.stop();
    }
  }

  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
