import type { Snapshot } from '../../inputs/live/snapshot.js';
import type { RuleIndex } from '../../rulepack/load.js';
import type { Location } from '../../report/finding.js';
import type { CheckContext, Hit } from '../context.js';
import { nodeRole } from './node-facts.js';
import type { NodeSnapshot } from '../../inputs/live/snapshot.js';

/** What live checks know: the config-check context plus the packs' command and RDB tables. */
export interface LiveContext extends CheckContext {
  index: RuleIndex;
}

export type LiveCheck = (snap: Snapshot, ctx: LiveContext) => Hit[];

export function nodeLocation(n: NodeSnapshot, field?: string): Location {
  return { instance: n.address, role: nodeRole(n), ...(field ? { field } : {}) };
}

/** A hit on a node; `key` makes it distinct for the fingerprint. */
export function nodeHit(n: NodeSnapshot, field: string | undefined, evidence: string, vars: Record<string, string>, key = field ?? ''): Hit {
  return { location: nodeLocation(n, field), evidence, key, vars: { node: n.address, role: nodeRole(n), ...vars } };
}
