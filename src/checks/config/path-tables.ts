import { boundaryLabel, lineStart } from '../../versions/path.js';
import type { CheckContext } from '../context.js';
import type { DirectiveLookup } from '../tables.js';

/** The tables met on the way, in path order: the source's, then every line crossed, then the target's. */
export function tablesOnPath(ctx: CheckContext): DirectiveLookup[] {
  const crossed = ctx.path.direction === 'rollback' ? ctx.path.lost.slice(1) : ctx.path.gained;
  const byLine = (l: { flavor: string; line: string }) => ctx.all.find((t) => t.table.flavor === l.flavor && t.table.line === l.line);
  const middle = crossed.map(byLine).filter((t): t is DirectiveLookup => t !== undefined && t !== ctx.target && t !== ctx.from);
  return [ctx.from, ...middle, ctx.target];
}

/**
 * The boundary of the path where `key(table)` first changes (a directive disappears, a default
 * changes), as `6.2 → 7.4 crosses 7.0` or `7.2 → 6.2 rolls back 7.0`; undefined when it never does.
 * A table where `key` is undefined (the directive does not exist yet) is no change.
 */
export function boundaryWhere(ctx: CheckContext, key: (t: DirectiveLookup) => string | undefined): string | undefined {
  const tables = tablesOnPath(ctx);
  for (let i = 1; i < tables.length; i++) {
    const prev = tables[i - 1] as DirectiveLookup;
    const here = tables[i] as DirectiveLookup;
    const [a, b] = [key(prev), key(here)];
    if (a !== undefined && b !== undefined && a !== b) {
      // Going up, the line that brings the change; going down, the line whose change is undone.
      const line = ctx.path.direction === 'rollback' ? prev : here;
      return boundaryLabel(ctx.path, lineStart(line.table));
    }
  }
  return undefined;
}
