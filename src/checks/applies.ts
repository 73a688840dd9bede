import type { Rule } from '../rulepack/types.js';
import type { UpgradePath } from '../versions/path.js';
import { boundaryLabel } from '../versions/path.js';
import { includesChange, parseVersion, type Version } from '../versions/version.js';

export function changeVersion(rule: Pick<Rule, 'change'>): Version | undefined {
  return rule.change ? parseVersion(rule.change.version.replace(/-.*$/, ''), rule.change.flavor) : undefined;
}

/**
 * Does a rule apply to this path? `flavors` limits it to targets of those flavors; `applies`
 * compares what the source and the target include of the rule's change (see Applies).
 */
export function ruleApplies(rule: Pick<Rule, 'change' | 'applies' | 'flavors'>, path: UpgradePath): boolean {
  if (rule.flavors && !rule.flavors.includes(path.target.flavor)) return false;
  const change = changeVersion(rule);
  if (!change) return true;
  const inFrom = includesChange(path.from, change);
  const inTarget = includesChange(path.target, change);
  switch (rule.applies ?? 'upgrade') {
    case 'upgrade': return inTarget && !inFrom;
    case 'rollback': return inFrom && !inTarget;
    case 'target-lacks': return !inTarget;
    case 'target-has': return inTarget;
    case 'path': return true;
  }
}

/** The part of the path a rule's change sits on, for the finding's `boundary`. */
export function ruleBoundary(rule: Rule, path: UpgradePath): string | undefined {
  const change = changeVersion(rule);
  if (!change) return undefined;
  if (includesChange(path.target, change) === includesChange(path.from, change)) return undefined;
  return boundaryLabel(path, change);
}
