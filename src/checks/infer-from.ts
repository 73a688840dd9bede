import type { ConfigDocument } from '../inputs/config/document.js';
import type { Version } from '../versions/version.js';
import type { DirectiveLookup } from './tables.js';

/**
 * The oldest known release that accepts every directive of the files (redis lines before valkey
 * lines), and why: the directive that the previous line lacks. Names no release knows, module
 * configs (with a dot) and `sentinel` lines are left out. Null when there is nothing to go on.
 */
export function inferFrom(docs: ConfigDocument[], lookups: DirectiveLookup[]): { version: Version; reason: string } | null {
  const names = new Set<string>();
  for (const d of docs) for (const x of d.directives) {
    if (x.name !== 'sentinel' && !x.name.includes('.') && lookups.some((l) => l.has(x.name))) names.add(x.name);
  }
  if (names.size === 0) return null;
  const ordered = [...lookups].sort((a, b) => (a.table.flavor === b.table.flavor
    ? lineNum(a) - lineNum(b) : a.table.flavor === 'redis' ? -1 : 1));
  let best: DirectiveLookup | undefined;
  let bestCount = -1;
  for (const l of ordered) {
    const count = [...names].filter((n) => l.has(n)).length;
    if (count === names.size) { best = l; bestCount = count; break; }
    if (count > bestCount) { best = l; bestCount = count; }
  }
  if (!best) return null;
  const [major, minor] = best.table.line.split('.').map(Number) as [number, number];
  const prev = ordered.filter((l) => l.table.flavor === best.table.flavor && lineNum(l) < lineNum(best)).pop();
  const needs = prev ? [...names].filter((n) => !prev.has(n) && best.has(n)).sort() : [];
  const why = bestCount < names.size
    ? `no known release accepts every directive; ${best.label} accepts the most`
    : needs.length
      ? `the oldest release that accepts every directive (${needs.slice(0, 3).join(', ')}${needs.length > 3 ? ', …' : ''} need ${best.label})`
      : `the oldest release the packs know that accepts every directive: nothing in the file dates it, so every change since then is reported; --from with the running version narrows the path`;
  return { version: { flavor: best.table.flavor, major, minor }, reason: why };
}

function lineNum(l: DirectiveLookup): number {
  const [a, b] = l.table.line.split('.').map(Number) as [number, number];
  return a * 1000 + b;
}
