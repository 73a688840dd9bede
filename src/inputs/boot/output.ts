/**
 * Reading what a server prints when it starts or refuses to. Sources of the formats:
 * redis/redis src/config.c loadServerConfigFromString at 7.0.15 (on stderr: `*** FATAL CONFIG FILE
 * ERROR (Redis 7.0.15) ***`, `Reading the configuration file, at line N`, `>>> 'LINE'`, the reason),
 * and src/server.c serverLogRaw (with `logfile ""`, on stdout: `PID:ROLE DD Mon YYYY HH:MM:SS.mmm L message`,
 * L `#` for warnings, the level of every fatal startup message; before 3.0 `[PID] DD Mon HH:MM:SS.mmm # message`).
 */

const LOG_LINE = /^(?:\d+:[A-Z]|\[\d+\]) \d{1,2} [A-Z][a-z]{2}(?: \d{4})? \d{2}:\d{2}:\d{2}(?:\.\d{3})? ([.\-*#]) (.*)$/;
/** Warning-level lines every start prints, or that describe the machine rather than the configuration. */
const NOISE = /oO0OoO0OoO0Oo|\bversion=.*\bpid=|^Configuration loaded$|^Server initialized$|^WARNING\b/;
const MAX_LINES = 20;

/** The configuration line a refusing server names. */
export interface Refusal {
  /** 1-based, in the file (or the files a glob include joined) the server was reading. */
  line: number;
  /** The line as the server echoed it (not redacted: for matching only, never to print). */
  text: string;
}

export function refusalOf(stderr: string): Refusal | undefined {
  const m = /Reading the configuration file, at line (\d+)\s*\n>>> '(.*)'\s*$/m.exec(stderr);
  return m ? { line: Number(m[1]), text: m[2] as string } : undefined;
}

/**
 * The lines that explain why a server stopped: every line of stderr, and the warning-level log
 * lines of stdout without the start banner and the machine's own warnings (overcommit, THP),
 * log prefixes removed so that the same failure gives the same text. At most 20 lines; when
 * nothing qualifies, the last lines of the log.
 */
export function errorLinesOf(stdout: string, stderr: string): string[] {
  const out = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const rest: string[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = LOG_LINE.exec(line);
    if (!m) { rest.push(line); continue; }
    rest.push(m[2] as string);
    if (m[1] === '#' && !NOISE.test(m[2] as string)) out.push(m[2] as string);
  }
  return (out.length ? out : rest.slice(-5)).slice(0, MAX_LINES);
}
