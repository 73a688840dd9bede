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
    const utils: Record<string, unknown> = {};
    queries.forEach((q, i) => { utils[`rulq${i}`] = renameMetavariables(q.rule, this.suffixes[i] as string); });
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
