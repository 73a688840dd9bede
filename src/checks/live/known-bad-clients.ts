import type { Snapshot } from '../../inputs/live/snapshot.js';
import type { Finding } from '../../report/finding.js';
import type { Rule } from '../../rulepack/types.js';
import { toFinding } from '../engine.js';
import { serverCondition } from '../source/libraries.js';
import { judgesVersion } from '../source/manifest-checks.js';
import { connectedLibraries, libraryHit } from './client-versions.js';
import type { LiveContext } from './context.js';

/**
 * The client packs' manifest rules (known-bad releases, releases the target does not support)
 * applied to the clients connected to each node, through the same judgement as manifests
 * (judgesVersion). A finding carries the pack rule's id, severity, message, fix and references,
 * located at the node, with the client count and addresses as evidence. Rules that also need
 * another package (`alsoPackage`, `absentPackage`) are not judged: a connection does not show it.
 * @param rules the selected rules (other than manifest rules of client packs are ignored)
 */
export function checkKnownBadClients(snapshots: Snapshot[], rules: Rule[], ctx: LiveContext): Finding[] {
  const own = rules.filter((r) => r.manifest && !r.manifest.alsoPackage && !r.manifest.absentPackage);
  const findings: Finding[] = [];
  for (const snap of snapshots) {
    for (const n of snap.nodes) {
      for (const g of connectedLibraries(n, ctx.index.packs)) {
        if (!g.comparable || !g.version) continue;
        for (const rule of own) {
          if (!judgesVersion(rule, g.pack, { name: g.libName.package, version: g.version }, ctx.path.target)) continue;
          const hit = libraryHit(n, g, `${rule.id}:${g.reported}`, {});
          const condition = serverCondition(rule);
          findings.push(toFinding(rule, condition ? { ...hit, boundary: condition } : hit, ctx));
        }
      }
    }
  }
  return findings;
}
