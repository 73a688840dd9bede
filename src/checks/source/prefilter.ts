/**
 * Literals a file must contain (one of them) for an ast-grep rule object to have a chance of
 * matching. Every positive part of a rule must hold, so any one part's literals will do: a
 * pattern's longest non-metavariable word, a regex that is a plain word or an alternation of words,
 * and those of `has`, `inside`, `all` members and metavariable constraints; `any` needs one literal
 * of each branch; `not` says nothing. Undefined when no part names a literal (a `kind` alone):
 * such rules run on every file in scope. The longest literal set is preferred, as the most selective.
 */
export function prefilterOf(rule: Record<string, unknown>, constraints?: Record<string, unknown>): string[] | undefined {
  const options: string[][] = [];
  collect(rule, options);
  for (const c of Object.values(constraints ?? {})) collect(c as Record<string, unknown>, options);
  let best: string[] | undefined;
  for (const o of options) if (!best || score(o) > score(best)) best = o;
  return best;
}

const score = (literals: string[]) => Math.min(...literals.map((l) => l.length)) - literals.length / 100;

function collect(rule: Record<string, unknown> | undefined, out: string[][]): void {
  if (!rule || typeof rule !== 'object') return;
  const p = patternLiteral(rule.pattern);
  if (p) out.push([p]);
  const r = regexLiterals(rule.regex);
  if (r) out.push(r);
  for (const key of ['has', 'inside', 'follows', 'precedes'] as const) collect(rule[key] as Record<string, unknown>, out);
  if (Array.isArray(rule.all)) for (const r2 of rule.all) collect(r2 as Record<string, unknown>, out);
  if (Array.isArray(rule.any)) {
    const union: string[] = [];
    for (const branch of rule.any) {
      const inner: string[][] = [];
      collect(branch as Record<string, unknown>, inner);
      const pick = inner.sort((a, b) => score(b) - score(a))[0];
      if (!pick) return;
      union.push(...pick);
    }
    if (union.length) out.push([...new Set(union)]);
  }
}

function patternLiteral(pattern: unknown): string | undefined {
  // A context pattern wraps the code in scaffolding (`func _() { … }`): read its selector's words only.
  const text = typeof pattern === 'string' ? pattern : undefined;
  if (!text) return undefined;
  const words = text.replace(/\$\$?\$?[A-Z_][A-Z0-9_]*/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  let best: string | undefined;
  for (const w of words) if (!best || w.length > best.length) best = w;
  return best && best.length >= 3 ? best : undefined;
}

/** `^ftSearch$`, `^(ftSearch|ftAggregate)$`, `(^|\.)StrictRedis$` → the words; undefined for anything else. */
function regexLiterals(regex: unknown): string[] | undefined {
  if (typeof regex !== 'string') return undefined;
  const core = regex.replace(/^\(\?-u\)/, '').replace(/^\(\^\|\\\.\)/, '').replace(/^\^/, '').replace(/\$$/, '');
  const m = /^\(?(?:\?:)?([A-Za-z_][A-Za-z0-9_]*(?:\|[A-Za-z_][A-Za-z0-9_]*)*)\)?$/.exec(core);
  if (!m) return undefined;
  const words = (m[1] as string).split('|');
  return words.every((w) => w.length >= 3) ? words : undefined;
}

/** Does the text contain one of the literals (always true without a prefilter)? */
export function passes(text: string, literals: string[] | undefined): boolean {
  return !literals || literals.some((l) => text.includes(l));
}
