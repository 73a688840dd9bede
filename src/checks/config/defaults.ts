import type { ConfigCheck, Hit } from '../context.js';
import { normalizeValue, type DirectiveLookup } from '../tables.js';
import { boundaryWhere, tablesOnPath } from './path-tables.js';

/** An empty default as a configuration file writes it. */
const shown = (v: string) => (v === '' ? '""' : v);

function defaultOf(t: DirectiveLookup, names: string[]): string | undefined {
  for (const n of names) {
    const spec = t.effective(n);
    if (spec && !spec.ignored && !spec.defaultVaries && spec.default !== undefined) return spec.defaultMeans ?? spec.default;
  }
  return undefined;
}

/**
 * Directives the file does not set whose default differs between the source and the target
 * (as the tables record CONFIG GET on each release): the file silently gets the new value.
 */
export const defaultChanged: ConfigCheck = (doc, ctx) => {
  if (doc.kind === 'sentinel') return [];
  const hits: Hit[] = [];
  const set = new Set(doc.directives.map((d) => d.name));
  const onPath = tablesOnPath(ctx);
  for (const [name, spec] of Object.entries(ctx.target.table.directives)) {
    if (spec.aliasOf || spec.hidden) continue;
    const names = [...new Set([...ctx.target.names(name), ...ctx.from.names(name)])];
    if (names.some((n) => set.has(n))) continue;
    // A directive added on the way (acl-pubsub-default in 6.2) keeps the old behaviour as its
    // first default; compare that with the target's.
    const firstOnPath = onPath.slice(0, -1).find((t) => defaultOf(t, names) !== undefined);
    const before = firstOnPath ? defaultOf(firstOnPath, names) : undefined;
    const after = defaultOf(ctx.target, names);
    if (before === undefined || after === undefined || normalizeValue(before) === normalizeValue(after)) continue;
    const hit: Hit = {
      location: { file: doc.file },
      evidence: `${name} not set; default ${shown(before)} on ${firstOnPath?.label ?? ctx.from.label}, ${shown(after)} on ${ctx.target.label}`,
      key: `default:${name}`,
      vars: { directive: name, before: shown(before), after: shown(after) },
    };
    const boundary = boundaryWhere(ctx, (t) => {
      const d = defaultOf(t, names);
      return d === undefined ? undefined : normalizeValue(d);
    });
    if (boundary) hit.boundary = boundary;
    hits.push(hit);
  }
  return hits;
};
