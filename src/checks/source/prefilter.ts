/**
 * Literals a file must contain (one of them) for an ast-grep rule object to have a chance of
 * matching, read from its patterns: a pattern's longest non-metavariable word must appear in
 * the text. `any` needs one literal of each branch; `all` and the implicit conjunction of a rule's
 * keys need the literals of one pattern. Undefined when the rule has no pattern to read (kind or
 * regex only): such rules run on every file in scope.
 */
export function prefilterOf(rule: Record<string, unknown>): string[] | undefined {
  const own = patternLiteral(rule.pattern);
  if (own) return [own];
  if (Array.isArray(rule.all)) {
    for (const r of rule.all) {
      const p = prefilterOf(r as Record<string, unknown>);
      if (p) return p;
    }
  }
  if (Array.isArray(rule.any)) {
    const out: string[] = [];
    for (const r of rule.any) {
      const p = prefilterOf(r as Record<string, unknown>);
      if (!p) return undefined;
      out.push(...p);
    }
    return out.length ? [...new Set(out)] : undefined;
  }
  return undefined;
}

function patternLiteral(pattern: unknown): string | undefined {
  let text: string | undefined;
  if (typeof pattern === 'string') text = pattern;
  else if (pattern && typeof pattern === 'object' && typeof (pattern as { context?: unknown }).context === 'string') {
    // A context pattern wraps the code in scaffolding (`func _() { … }`); its words are not in the file.
    return undefined;
  }
  if (!text) return undefined;
  const words = text.replace(/\$\$?\$?[A-Z_][A-Z0-9_]*/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  let best: string | undefined;
  for (const w of words) if (!best || w.length > best.length) best = w;
  return best && best.length >= 3 ? best : undefined;
}

/** Does the text contain one of the literals (always true without a prefilter)? */
export function passes(text: string, literals: string[] | undefined): boolean {
  return !literals || literals.some((l) => text.includes(l));
}
