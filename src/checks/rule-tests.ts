import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { messageOf } from '../errors.js';
import { readSnapshotFile } from '../inputs/live/load.js';
import { formatLocation, type Finding, type Location } from '../report/finding.js';
import { runCheck } from './run.js';

/** The result of one fixture: failures are one line each, naming file:line. */
export interface FixtureResult { file: string; failures: string[]; assertions: number }

/** `id` or `id(text)`: the text must appear in the finding's evidence (for file-level findings). */
interface Marked { id: string; qualifier?: string }
interface Expectation { ids: Marked[]; line: number | 'file'; expected: boolean; markerLine: number; target?: string }

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

/**
 * An ACL fixture as the server must see it: a copy (same name, in a new temporary directory) with
 * its rule-test header and markers blanked, since an ACL file has no comments (the server refuses
 * them). Blank lines keep every line number. The caller removes the copy's directory.
 */
export function aclFixtureCopy(file: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'rul-acl-fixture-')), basename(file));
  const blanked = readFileSync(file, 'utf8').split('\n').map((l) => (HEADER.test(l) || MARKER.test(l.trim()) ? '' : l));
  writeFileSync(copy, blanked.join('\n'));
  return copy;
}

/** `acl`: an ACL file has no comments, so a marker skips only blank lines and other markers to reach its line. */
function parseExpectations(text: string, acl = false): Expectation[] {
  const lines = text.split('\n');
  const skipped = (l: string) => (acl ? l.trim() === '' || HEADER.test(l) || MARKER.test(l.trim()) : COMMENT_OR_BLANK.test(l));
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
      while (j < lines.length && skipped(lines[j] as string)) j++;
      line = j + 1;
    }
    out.push({ ids, line, expected: m[2] === 'ruleid', markerLine: i + 1, ...(line === 'file' ? {} : { target: (lines[line - 1] ?? '').trim() }) });
  });
  return out;
}

/** `host:port [field]` of a `.live` fixture line: the node (and INFO field or setting) a finding must be at. */
function instanceMatches(location: Location, target: string): boolean {
  if ('file' in location) return false;
  const [instance, field] = target.split(/\s+/);
  return location.instance === instance && (field === undefined || location.field === field);
}

/**
 * Runs one fixture, Semgrep-style: a line after `# ruleid: X` must get finding X; a line after
 * `# ok: X` must not; `# file-ruleid:` / `# file-ok:` do the same for findings without a line.
 * Every finding of a rule the fixture names must be marked (no unmarked false positive).
 * The header `rule-test: target=SPEC [from=SPEC] [clients=latest|compatible] [using=PACK@VERSION,…]`
 * gives the versions (`using` sets a client library's installed version, as a manifest would);
 * `snapshot=PATH` (relative to the fixture) adds a recorded live snapshot to the run. A `.live`
 * fixture is only markers and, after each, a line `host:port [field]` naming the node (and INFO
 * field or setting) where a live finding must (ruleid) or must not (ok) be. An `.acl` fixture is
 * checked as aclFixtureCopy leaves it.
 */
export function runFixture(file: string, rulesDirs: string[] = []): FixtureResult {
  const text = readFileSync(file, 'utf8');
  const header = HEADER.exec(text)?.[1] ?? '';
  const opts = Object.fromEntries(header.split(/\s+/).filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const result: FixtureResult = { file, failures: [], assertions: 0 };
  if (!opts.target) { result.failures.push(`${file}:1: the rule-test header needs target=SPEC`); return result; }
  const live = file.endsWith('.live');
  if (live && !opts.snapshot) { result.failures.push(`${file}:1: a .live fixture needs snapshot=PATH in its rule-test header`); return result; }
  let findings: Finding[];
  const checked = file.endsWith('.acl') ? aclFixtureCopy(file) : file;
  try {
    const libraryVersions = Object.fromEntries((opts.using ?? '').split(',').filter(Boolean).map((u) => u.split('@') as [string, string]));
    const snapshot = opts.snapshot ? resolve(dirname(file), opts.snapshot) : undefined;
    findings = runCheck({
      paths: live ? [] : [checked], target: opts.target, from: opts.from, rulesDirs, cwd: dirname(file), libraryVersions,
      ...(snapshot ? { snapshots: [{ source: snapshot, kind: 'snapshot' as const, snapshot: readSnapshotFile(snapshot) }] } : {}),
      ...(opts.clients ? { clients: opts.clients as 'latest' | 'compatible' } : {}),
    }).report.findings
      // Joined findings carry the other inputs' evidence in related[]: each counts where it was seen.
      .flatMap((f) => [f, ...(f.related ?? []).map((r) => ({ ...f, ...r }))])
      .filter((f) => (live ? !('file' in f.location) : 'file' in f.location && f.location.file === checked))
      .map((f) => (checked === file || !('file' in f.location) ? f : { ...f, location: { ...f.location, file } }));
  } catch (err) {
    result.failures.push(`${file}: ${messageOf(err)}`);
    return result;
  } finally {
    if (checked !== file) rmSync(dirname(checked), { recursive: true, force: true });
  }
  const at = (m: Marked, e: Expectation) => findings.some((f) => f.ruleId === m.id
    && (live ? instanceMatches(f.location, e.target ?? '')
      : 'file' in f.location && (e.line === 'file' ? f.location.line === undefined : f.location.line === e.line))
    && (m.qualifier === undefined || f.evidence.includes(m.qualifier)));
  const expectations = parseExpectations(text, checked !== file);
  for (const e of expectations) {
    for (const m of e.ids) {
      result.assertions++;
      const found = at(m, e);
      const id = m.qualifier === undefined ? m.id : `${m.id}(${m.qualifier})`;
      const where = live ? `on ${e.target ?? '?'}` : e.line === 'file' ? 'on the file' : `at line ${e.line}`;
      if (e.expected && !found) result.failures.push(`${file}:${e.markerLine}: expected ${id} ${where}, not reported`);
      if (!e.expected && found) result.failures.push(`${file}:${e.markerLine}: ${id} reported ${where}, marked ok`);
    }
  }
  const named = new Set(expectations.flatMap((e) => e.ids.map((m) => m.id)));
  // File-level findings are held to their markers only when a marker names the rule unqualified.
  const fileWide = new Set(expectations.filter((e) => e.line === 'file').flatMap((e) => e.ids.filter((m) => !m.qualifier).map((m) => m.id)));
  for (const f of findings) {
    if (!named.has(f.ruleId)) continue;
    if (!('file' in f.location)) {
      const marked = expectations.some((e) => e.expected && e.target !== undefined && instanceMatches(f.location, e.target) && e.ids.some((m) => m.id === f.ruleId));
      if (!marked) result.failures.push(`${file}:1: ${f.ruleId} reported on ${formatLocation(f.location)} but not marked (${f.message})`);
      continue;
    }
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
