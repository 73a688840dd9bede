import type { Finding } from '../report/finding.js';

/** A finding left out of the results by an inline comment, with the reason the comment gives. */
export interface Suppressed { finding: Finding; reason: string }

const IGNORE = /redis-upgrade-lint:\s*ignore\s+([A-Za-z0-9_.,\s-]+?)\s*(?:--\s*(.*?))?\s*(?:\*\/|-->)?\s*$/;
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
        const c = ignoreComment(text);
        if (c && c.ids.some((id) => selects(id, f.ruleId))) reason = c.reason;
        if (n < loc.line && !COMMENT_ONLY.test(text)) break;
      }
    }
    if (reason === undefined) kept.push(f);
    else suppressed.push({ finding: f, reason });
  }
  return { kept, suppressed };
}
