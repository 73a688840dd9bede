import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messageOf } from '../errors.js';
import { runCheck } from './run.js';

/** The result of one fixture: failures are one line each, naming file:line. */
export interface FixtureResult { file: string; failures: string[]; assertions: number }

/** `id` or `id(text)`: the text must appear in the finding's evidence (for file-level findings). */
interface Marked { id: string; qualifier?: string }
interface Expectation { ids: Marked[]; line: number | 'file'; expected: boolean; markerLine: number }

// Markers live in comments of the fixture's own language: `#` (conf, Python, Ruby), `//` (JS, Go, Java), `--` (Lua).
const HEADER = /^\s*(?:#|\/\/|--)\s*rule-test:\s*(.*)$/m;
const MARKER = /^(?:#|\/\/|--)\s*(file-)?(ruleid|ok):\s*(.+)$/;
const COMMENT_OR_BLANK = /^\s*(#|\/\/|--|$)/;

/** Fixture files under a directory: files carrying a `rule-test:` header comment. */
export function listFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFixtures(p));
    else if (e.isFile() && HEADER.test(readFileSync(p, 'utf8'))) out.push(p);
  }
  return out;
}

function parseExpectations(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  lines.forEach((raw, i) => {
    const m = MARKER.exec(raw.trim());
    if (!m) return;
    const ids = (m[3] as string).split(/[,\s]+/).filter(Boolean).map((t) => {
      const q = /^([^()]+)\(([^)]*)\)$/.exec(t);
      return q ? { id: q[1] as string, qualifier: q[2] as string } : { id: t };
    });
    let line: number | 'file' = 'file';
    if (!m[1]) {
      let j = i + 1;
      while (j < lines.length && (COMMENT_OR_BLANK.test(lines[j] as string))) j++;
      line = j + 1;
    }
    out.push({ ids, line, expected: m[2] === 'ruleid', markerLine: i + 1 });
  });
  return out;
}

/**
 * Runs one fixture, Semgrep-style: a line after `# ruleid: X` must get finding X; a line after
 * `# ok: X` must not; `# file-ruleid:` / `# file-ok:` do the same for findings without a line.
 * Every finding of a rule the fixture names must be marked (no unmarked false positive).
 * The header `rule-test: target=SPEC [from=SPEC] [clients=latest|compatible] [using=PACK@VERSION,…]`
 * gives the versions (`using` sets a client library's installed version, as a manifest would).
 */
export function runFixture(file: string, rulesDirs: string[] = []): FixtureResult {
  const text = readFileSync(file, 'utf8');
  const header = HEADER.exec(text)?.[1] ?? '';
  const opts = Object.fromEntries(header.split(/\s+/).filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const result: FixtureResult = { file, failures: [], assertions: 0 };
  if (!opts.target) { result.failures.push(`${file}:1: the rule-test header needs target=SPEC`); return result; }
  let findings;
  try {
    const libraryVersions = Object.fromEntries((opts.using ?? '').split(',').filter(Boolean).map((u) => u.split('@') as [string, string]));
    findings = runCheck({
      paths: [file], target: opts.target, from: opts.from, rulesDirs, cwd: dirname(file), libraryVersions,
      ...(opts.clients ? { clients: opts.clients as 'latest' | 'compatible' } : {}),
    }).report.findings
      .filter((f) => 'file' in f.location && f.location.file === file);
  } catch (err) {
    result.failures.push(`${file}: ${messageOf(err)}`);
    return result;
  }
  const at = (m: Marked, line: number | 'file') => findings.some((f) => f.ruleId === m.id && 'file' in f.location
    && (line === 'file' ? f.location.line === undefined : f.location.line === line)
    && (m.qualifier === undefined || f.evidence.includes(m.qualifier)));
  const expectations = parseExpectations(text);
  for (const e of expectations) {
    for (const m of e.ids) {
      result.assertions++;
      const found = at(m, e.line);
      const id = m.qualifier === undefined ? m.id : `${m.id}(${m.qualifier})`;
      if (e.expected && !found) result.failures.push(`${file}:${e.markerLine}: expected ${id} ${e.line === 'file' ? 'on the file' : `at line ${e.line}`}, not reported`);
      if (!e.expected && found) result.failures.push(`${file}:${e.markerLine}: ${id} reported ${e.line === 'file' ? 'on the file' : `at line ${e.line}`}, marked ok`);
    }
  }
  const named = new Set(expectations.flatMap((e) => e.ids.map((m) => m.id)));
  // File-level findings are held to their markers only when a marker names the rule unqualified.
  const fileWide = new Set(expectations.filter((e) => e.line === 'file').flatMap((e) => e.ids.filter((m) => !m.qualifier).map((m) => m.id)));
  for (const f of findings) {
    if (!named.has(f.ruleId) || !('file' in f.location)) continue;
    const line = f.location.line ?? 'file';
    if (line === 'file' && !fileWide.has(f.ruleId)) continue;
    if (!expectations.some((e) => e.expected && e.line === line && e.ids.some((m) => m.id === f.ruleId))) {
      result.failures.push(`${file}:${line === 'file' ? 1 : line}: ${f.ruleId} reported but not marked (${f.message})`);
    }
  }
  return result;
}

/** Runs every fixture under the directories; a directory that does not exist is a failure. */
export function runFixtures(dirs: string[], rulesDirs: string[] = []): FixtureResult[] {
  const results: FixtureResult[] = [];
  for (const dir of dirs) {
    try {
      const files = statSync(dir).isDirectory() ? listFixtures(dir) : [dir];
      results.push(...files.map((f) => runFixture(f, rulesDirs)));
    } catch (err) {
      results.push({ file: dir, failures: [`${dir}: ${messageOf(err)}`], assertions: 0 });
    }
  }
  return results;
}
