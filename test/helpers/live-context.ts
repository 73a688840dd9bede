import type { LiveContext } from '../../src/checks/live/context.js';
import { DirectiveLookup } from '../../src/checks/tables.js';
import { loadRuleIndex, type RuleIndex } from '../../src/rulepack/load.js';
import { resolveLine, upgradePath } from '../../src/versions/path.js';
import { parseVersion } from '../../src/versions/version.js';

let index: RuleIndex | undefined;

/** The built-in packs, loaded once per test file. */
export function builtinIndex(): RuleIndex {
  index ??= loadRuleIndex();
  return index;
}

/** The context runCheck builds for a path: tables of both ends, the packs, an empty notChecked. */
export function liveContext(from: string, target: string): LiveContext {
  const idx = builtinIndex();
  const known = idx.tables.map((t) => ({ flavor: t.flavor, line: t.line, version: t.version }));
  const lookups = idx.tables.map((t) => new DirectiveLookup(t));
  const lookupOf = (spec: string) => {
    const line = resolveLine(parseVersion(spec), known);
    return lookups.find((l) => l.table.flavor === line.flavor && l.table.line === line.line) as DirectiveLookup;
  };
  return {
    path: upgradePath(parseVersion(from), parseVersion(target), known), from: lookupOf(from), target: lookupOf(target),
    all: lookups, cwd: process.cwd(), notChecked: [], index: idx,
  };
}
