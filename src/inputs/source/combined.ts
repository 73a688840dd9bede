import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { Match } from './file.js';

/**
 * A capturing metavariable in pattern text: `$R`, `$$R`, `$$$ARGS`, as a whole token (ast-grep
 * reads a metavariable from a leaf whose whole text is one; `$_X` and `$$$` capture nothing).
 */
const METAVARIABLE = /(?<![A-Za-z0-9_$])\$(\$\$?)?([A-Z][A-Z0-9_]*)(?![A-Za-z0-9_])/g;

function renamePattern(text: string, suffix: string): string {
  return text.replace(METAVARIABLE, (_, dollars: string | undefined, name: string) => `$${dollars ?? ''}${name}${suffix}`);
}

/**
 * An ast-grep rule object whose capturing metavariables all carry `suffix` (`$R` → `$R_Q3`), so
 * that it binds none of the names another rule binds. Patterns are the only place metavariables
 * are written in (in `pattern` text, or the `context` of a pattern object).
 */
export function renameMetavariables(rule: unknown, suffix: string): unknown {
  if (Array.isArray(rule)) return rule.map((r) => renameMetavariables(r, suffix));
  if (!rule || typeof rule !== 'object') return rule;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'pattern' && typeof value === 'string') out[key] = renamePattern(value, suffix);
    else if (key === 'pattern' && value && typeof value === 'object') {
      const p = value as Record<string, unknown>;
      out[key] = { ...p, ...(typeof p.context === 'string' ? { context: renamePattern(p.context, suffix) } : {}) };
    } else out[key] = renameMetavariables(value, suffix);
  }
  return out;
}

/** Can a query run inside a combined one? Constraints apply to the whole rule (and would drop other queries' matches), utils and transforms are not renamed. */
export function combinable(query: NapiConfig): boolean {
  return !query.constraints && !query.utils && query.transform === undefined;
}

class RenamedMatch implements Match {
  constructor(readonly node: SgNode, private readonly suffix: string) {}
  get(name: string): SgNode | null {
    return this.node.getMatch(`${name}${this.suffix}`);
  }
}

/** Keys of a relational rule's object that are not part of its rule. */
const RELATION_META = new Set(['field', 'stopBy']);
const RELATIONS = new Set(['has', 'inside', 'follows', 'precedes']);

/** A sub-rule worth sharing: it compiles a regex (the costly part of compiling a rule) and binds nothing (no pattern, no reference). */
function shareable(json: string): boolean {
  return json.includes('"regex"') && !json.includes('"pattern"') && !json.includes('"matches"');
}

/**
 * Visits every sub-rule of a rule in a rule position (an element of `all`/`any`, the value of
 * `not`, and the rule part of a relational object, without its `field` and `stopBy`), and puts
 * back what `swap` returns for it (itself, or a rule that stands for it).
 */
function mapSubRules(rule: unknown, swap: (sub: Record<string, unknown>) => Record<string, unknown>): unknown {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return rule;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule as Record<string, unknown>)) {
    if ((key === 'all' || key === 'any') && Array.isArray(value)) {
      out[key] = value.map((v) => swap(mapSubRules(v, swap) as Record<string, unknown>));
    } else if (key === 'not' && value && typeof value === 'object') {
      out[key] = swap(mapSubRules(value, swap) as Record<string, unknown>);
    } else if (RELATIONS.has(key) && value && typeof value === 'object') {
      const meta: Record<string, unknown> = {};
      const inner: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) (RELATION_META.has(k) ? meta : inner)[k] = v;
      out[key] = { ...meta, ...swap(mapSubRules(inner, swap) as Record<string, unknown>) };
    } else out[key] = value;
  }
  return out;
}

/**
 * Sub-rules written the same way in several queries (a receiver's name filter, a command list)
 * become one local util each, so that their regexes are compiled once rather than once per copy.
 * A util matches where its rule does and binds nothing more (only sub-rules that bind nothing are
 * shared), and ast-grep infers a util's node kinds through the reference, so nothing found changes.
 * Returns the rewritten rules and the shared utils (`rulr<k>`).
 */
function shareRepeated(rules: readonly unknown[]): { rules: unknown[]; shared: Record<string, unknown> } {
  const counts = new Map<string, number>();
  const count = (sub: Record<string, unknown>) => {
    const json = JSON.stringify(sub);
    if (shareable(json)) counts.set(json, (counts.get(json) ?? 0) + 1);
    return sub;
  };
  for (const r of rules) mapSubRules(r, count);
  const shared: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const swap = (sub: Record<string, unknown>) => {
    const json = JSON.stringify(sub);
    if ((counts.get(json) ?? 0) < 2) return sub;
    let name = names.get(json);
    if (!name) { names.set(json, name = `rulr${names.size}`); shared[name] = sub; }
    return { matches: name };
  };
  return { rules: rules.map((r) => mapSubRules(r, swap)), shared };
}

/** A rule that always holds and leaves the metavariables alone (`not` binds nothing; an empty `any` never matches). */
const ALWAYS = { not: { any: [] } };

/**
 * Many ast-grep queries run as one, so that a search of many files compiles them once (ast-grep's
 * napi compiles a rule on every `findAll`; its `findInFiles` compiles one rule for all the files).
 *
 * Each query q_i is a local util `rulq_i`: its rule with its metavariables renamed, so that it binds
 * only names of its own, as if alone. Queries are split into groups of about √n. A node is found
 * when some query matches it; the first query that does, and every later one that does, bind the
 * markers `RULM_i` (query i matched this node) and `RULG_g` (some query of group g did):
 *
 * - `member(i)`, i the m-th query of group g: `all: [matches rulq_i, $$RULM_i, $$RULG_g, opt(i') for the later i' of g]`,
 *   `opt(i') = any: [all: [matches rulq_i', $$RULM_i'], ALWAYS]`;
 * - `rulgm_g = any: [member(i) for i of g]` (some query of g matches), `rulgo_g = any: [rulgm_g, ALWAYS]`;
 * - the matcher: `any: [all: [matches rulgm_h, matches rulgo_h' for the later groups h'] for each group h]`.
 *
 * So each query is tried once per node: the same nodes, in the same (document) order, with the
 * same metavariables, as its own `findAll`. A matched node costs a few optional matches (each
 * copies ast-grep's metavariable map) rather than one per query, and is read per group first.
 */
export class CombinedQuery {
  readonly matcher: NapiConfig;
  readonly queries: readonly NapiConfig[];
  private readonly suffixes: string[];
  private readonly groups: { marker: string; members: { index: number; marker: string }[] }[] = [];

  /** `queries`: distinct objects (a repeated one counts once). @throws Error for none, or one that is not combinable. */
  constructor(queries: readonly NapiConfig[]) {
    this.queries = queries = [...new Set(queries)];
    if (queries.length === 0) throw new Error('no query to combine');
    const bad = queries.findIndex((q) => !combinable(q));
    if (bad >= 0) throw new Error(`query ${bad} has constraints, utils or transforms and cannot be combined`);
    const size = Math.max(1, Math.round(Math.sqrt(queries.length)));
    this.suffixes = queries.map((_, i) => `_RULQ${i}`);
    queries.forEach((_, i) => {
      const g = Math.floor(i / size);
      (this.groups[g] ??= { marker: `RULG${g}`, members: [] }).members.push({ index: i, marker: `RULM${i}` });
    });
    const { rules, shared } = shareRepeated(queries.map((q, i) => renameMetavariables(q.rule, this.suffixes[i] as string)));
    const utils: Record<string, unknown> = { ...shared };
    rules.forEach((r, i) => { utils[`rulq${i}`] = r; });
    this.groups.forEach((group, g) => {
      const member = (m: number) => {
        const i = (group.members[m] as { index: number }).index;
        const later = group.members.slice(m + 1).map(({ index }) => ({ any: [{ all: [{ matches: `rulq${index}` }, { pattern: `$$RULM${index}` }] }, ALWAYS] }));
        return { all: [{ matches: `rulq${i}` }, { pattern: `$$RULM${i}` }, { pattern: `$$${group.marker}` }, ...later] };
      };
      utils[`rulgm${g}`] = { any: group.members.map((_, m) => member(m)) };
      utils[`rulgo${g}`] = { any: [{ matches: `rulgm${g}` }, ALWAYS] };
    });
    const top = this.groups.map((_, h) => ({ all: [{ matches: `rulgm${h}` }, ...this.groups.slice(h + 1).map((__, k) => ({ matches: `rulgo${h + 1 + k}` }))] }));
    this.matcher = { rule: { any: top }, utils } as NapiConfig;
  }

  /** The matches of each query among the nodes the matcher found in one file (every query has a list, maybe empty). */
  split(nodes: readonly SgNode[]): Map<NapiConfig, Match[]> {
    const lists: Match[][] = this.queries.map(() => []);
    for (const node of nodes) {
      for (const g of this.groups) {
        if (!node.getMatch(g.marker)) continue;
        for (const m of g.members) if (node.getMatch(m.marker)) (lists[m.index] as Match[]).push(new RenamedMatch(node, this.suffixes[m.index] as string));
      }
    }
    return new Map(this.queries.map((q, i) => [q, lists[i] as Match[]]));
  }
}
