import { resolve, sep } from 'node:path';
import type { Finding } from '../report/finding.js';
import { pathBelow } from '../paths.js';

/** A finding left out of the results by an inline comment or a declared suppression, with its reason. */
export interface Suppressed { finding: Finding; reason: string }

// The marker must open a comment (`#`, `//`, `--`, `/*`, `*`, `<!--`): the same words inside a string literal are not one.
const IGNORE = /(?:#|\/\/|--|\/\*|\*|<!--)\s*redis-upgrade-lint:\s*ignore\s+([A-Za-z0-9_.,\s-]+?)\s*(?:--(?!>)\s*(.*?))?\s*(?:\*\/|-->)?\s*$/;
const COMMENT_ONLY = /^\s*(#|\/\/|--|\/\*|\*)/;

/** Does a rule-id selector (an id, or an id prefix: `acl` selects `acl.*`) select this id? */
export function selects(selector: string, id: string): boolean {
  return id === selector || id.startsWith(`${selector}.`);
}

/** The ids and reason of an ignore comment on a line, if any: `redis-upgrade-lint: ignore ID[,ID] -- reason`. */
export function ignoreComment(text: string): { ids: string[]; reason: string } | undefined {
  const m = IGNORE.exec(text);
  if (!m) return undefined;
  return { ids: (m[1] as string).split(/[,\s]+/).filter(Boolean), reason: m[2]?.trim() || 'no reason given' };
}

/**
 * Splits findings into kept and suppressed. A finding at a line is suppressed by an ignore comment
 * naming its rule (or a prefix of its id: `py.redis` covers `py.redis.*`) on the same line, or on
 * the comment lines right above it. `lineOf(file, n)` gives the text of a 1-based line.
 */
export function applySuppressions(findings: Finding[], lineOf: (file: string, n: number) => string | undefined): { kept: Finding[]; suppressed: Suppressed[] } {
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of findings) {
    const loc = f.location;
    let reason: string | undefined;
    if ('file' in loc && loc.line) {
      for (let n = loc.line; n >= 1 && reason === undefined; n--) {
        const text = lineOf(loc.file, n);
        if (text === undefined) break;
        // Above the finding, only comment lines count: a trailing comment on code above is that code's.
        if (n < loc.line && !COMMENT_ONLY.test(text)) break;
        const c = ignoreComment(text);
        if (c && c.ids.some((id) => selects(id, f.ruleId))) reason = c.reason;
      }
    }
    if (reason === undefined) kept.push(f);
    else suppressed.push({ finding: f, reason });
  }
  return { kept, suppressed };
}

/**
 * A suppression declared outside the code (the `suppressions` of `.redis-upgrade-lint.yaml`):
 * every finding of a rule, or of a rule in files matching a glob.
 */
export interface RuleSuppression {
  /** A rule id or id prefix (`py.redis` covers `py.redis.*`). */
  rule: string;
  /** Glob over a finding's file relative to `base` (`*` and `?` within a segment, `**` across); absent: every location. */
  path?: string;
  /** Absolute directory `path` is relative to (the configuration file's). */
  base: string;
  reason: string;
  /** Where it was declared (`.redis-upgrade-lint.yaml:12`), shown after the reason in the report. */
  origin: string;
}

/**
 * Splits findings into kept and suppressed by declared suppressions; the first matching one gives
 * the reason, as `reason (origin)`. A suppression with a `path` matches only findings with a file:
 * the file, resolved against `cwd`, relative to `base`, must match the glob, or one of its parent
 * directories must (a glob naming a directory covers the files under it, as in .gitignore).
 */
export function applyRuleSuppressions(findings: Finding[], suppressions: RuleSuppression[], cwd: string): { kept: Finding[]; suppressed: Suppressed[] } {
  const compiled = suppressions.map((s) => ({ ...s, re: s.path === undefined ? undefined : globToRegExp(s.path) }));
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of findings) {
    const hit = compiled.find((s) => selects(s.rule, f.ruleId) && (s.re === undefined || fileMatches(f, s.re, s.base, cwd)));
    if (hit) suppressed.push({ finding: f, reason: `${hit.reason} (${hit.origin})` });
    else kept.push(f);
  }
  return { kept, suppressed };
}

function fileMatches(f: Finding, re: RegExp, base: string, cwd: string): boolean {
  if (!('file' in f.location)) return false;
  const rel = pathBelow(base, resolve(cwd, f.location.file));
  if (rel === undefined) return false;
  const parts = rel.split(sep);
  for (let n = parts.length; n >= 1; n--) {
    if (re.test(parts.slice(0, n).join('/'))) return true;
  }
  return false;
}

/** A glob as an anchored regular expression: `**` any depth, `*` and `?` within one segment, the rest literal. */
export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const ch = g[i] as string;
    if (ch === '*' && g[i + 1] === '*') {
      // `**/` also matches no directory at all (`**/x` matches `x`), as in gitignore and bash globstar.
      if (g[i + 2] === '/') { out += '(?:.*/)?'; i += 2; } else { out += '.*'; i += 1; }
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
