import type { ConfigDocument, Directive } from '../../inputs/config/document.js';
import type { ArgCondition, ConfigMatcher } from '../../rulepack/types.js';
import type { DirectiveLookup } from '../tables.js';

/** The result of a match: the directive lines it rests on, or the file as a whole. */
export type MatchResult = { anchors: Directive[] } | null;

/** Every name that means the same directive in any known line (slave-read-only ≡ replica-read-only). */
export function equivalentNames(name: string, all: DirectiveLookup[]): Set<string> {
  const out = new Set([name]);
  for (const t of all) if (t.has(name)) for (const n of t.names(name)) out.add(n);
  return out;
}

function argOk(args: string[], cond: ArgCondition | undefined): boolean {
  if (!cond) return true;
  const value = cond.index === undefined ? args.join(' ') : args[cond.index];
  if (value === undefined) return false;
  if (cond.equals !== undefined && value.toLowerCase() !== cond.equals.toLowerCase()) return false;
  if (cond.matches !== undefined && !new RegExp(cond.matches, 'i').test(value)) return false;
  if (cond.notMatches !== undefined && new RegExp(cond.notMatches, 'i').test(value)) return false;
  if (cond.above !== undefined && !(Number(value) > cond.above)) return false;
  return true;
}

/**
 * Evaluates a declarative matcher of a rule pack on a document. `directive` and `absent` resolve
 * aliases through every known table; `arg` tests the arguments joined by one space, or one
 * argument by `index` (0 = first after the name).
 */
export function matchConfig(m: ConfigMatcher, doc: ConfigDocument, all: DirectiveLookup[]): MatchResult {
  let anchors: Directive[] = [];
  if (m.kind && doc.kind !== m.kind) return null;
  if (m.directive) {
    const names = equivalentNames(m.directive, all);
    const hits = doc.directives.filter((d) => names.has(d.name) && argOk(d.args, m.arg));
    if (hits.length === 0 || hits.length < (m.count?.min ?? 1)) return null;
    anchors.push(...hits);
  }
  if (m.sentinel) {
    const option = m.sentinel.toLowerCase();
    const hits = doc.directives.filter((d) => d.name === 'sentinel' && d.args[0]?.toLowerCase() === option && argOk(d.args.slice(1), m.arg));
    if (hits.length === 0) return null;
    anchors.push(...hits);
  }
  if (m.absent) {
    const names = equivalentNames(m.absent, all);
    if (doc.directives.some((d) => names.has(d.name))) return null;
  }
  if (m.all) {
    for (const sub of m.all) {
      const r = matchConfig(sub, doc, all);
      if (!r) return null;
      anchors.push(...r.anchors);
    }
  }
  if (m.any) {
    const results = m.any.map((sub) => matchConfig(sub, doc, all)).filter((r): r is { anchors: Directive[] } => r !== null);
    if (results.length === 0) return null;
    anchors.push(...results.flatMap((r) => r.anchors));
  }
  if (m.not && matchConfig(m.not, doc, all)) return null;
  anchors = [...new Set(anchors)];
  return { anchors };
}
