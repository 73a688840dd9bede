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

/**
 * Many ast-grep queries run as one, so that a search of many files compiles them once (ast-grep's
 * napi compiles a rule on every `findAll`; its `findInFiles` compiles one rule for all the files).
 *
 * The matcher is `all: [any: [q0 … qn], opt0 … optn]`: the `any` keeps only nodes some query
 * matches (and gives the search the node kinds of the queries to skip the others); `opt_i` is
 * `any: [all: [q_i with its metavariables renamed, $$RULM_i, $$RULG_g], regex '']`, which always
 * holds but binds the markers `RULM_i` (query i matched this node) and `RULG_g` (some query of group
 * g did) when q_i matches. Each q_i is matched by its renamed copy on its own names, as if alone:
 * the same nodes, in the same (document) order, with the same metavariables, as its own `findAll`.
 * Markers are read per group first, so a node costs a few lookups rather than one per query.
 */
export class CombinedQuery {
  readonly matcher: NapiConfig;
  private readonly suffixes: string[];
  private readonly groups: { marker: string; members: { index: number; marker: string }[] }[] = [];

  readonly queries: readonly NapiConfig[];

  /** `queries`: distinct objects (a repeated one counts once). @throws Error for none, or one that is not combinable. */
  constructor(queries: readonly NapiConfig[]) {
    this.queries = queries = [...new Set(queries)];
    if (queries.length === 0) throw new Error('no query to combine');
    const bad = queries.findIndex((q) => !combinable(q));
    if (bad >= 0) throw new Error(`query ${bad} has constraints, utils or transforms and cannot be combined`);
    const size = Math.max(1, Math.round(Math.sqrt(queries.length)));
    this.suffixes = queries.map((_, i) => `_RULQ${i}`);
    for (let i = 0; i < queries.length; i++) {
      const g = Math.floor(i / size);
      (this.groups[g] ??= { marker: `RULG${g}`, members: [] }).members.push({ index: i, marker: `RULM${i}` });
    }
    const opts = queries.map((q, i) => ({
      any: [
        { all: [renameMetavariables(q.rule, this.suffixes[i] as string), { pattern: `$$RULM${i}` }, { pattern: `$$RULG${Math.floor(i / size)}` }] },
        { regex: '' },
      ],
    }));
    this.matcher = { rule: { all: [{ any: queries.map((q) => q.rule) }, ...opts] } } as NapiConfig;
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
