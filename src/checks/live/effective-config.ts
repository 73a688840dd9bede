import type { ConfigDocument, Directive } from '../../inputs/config/document.js';
import type { NodeSnapshot } from '../../inputs/live/snapshot.js';
import { REDACTED } from '../../inputs/live/redact.js';
import type { Finding } from '../../report/finding.js';
import type { Rule } from '../../rulepack/types.js';
import { fingerprintOf } from '../../report/finding.js';
import { checkConfigDocument } from '../engine.js';
import { normalizeValue, type DirectiveLookup } from '../tables.js';
import { nodeLocation } from './context.js';

/** Config checks that read the file itself, not settings: they do not apply to CONFIG GET. */
const FILE_ONLY_CHECKS = new Set(['unbalanced-quotes', 'include-missing', 'include-cycle', 'binary-file', 'default-changed',
  'loadmodule-missing', 'sentinel-option', 'duplicate-user']);

/** Multi-value settings that a configuration file writes as several lines. */
function linesFor(name: string, value: string): string[][] {
  const words = value.split(/\s+/).filter(Boolean);
  const group = name === 'save' ? 2 : name === 'client-output-buffer-limit' ? 4 : 0;
  if (!group) return [words.length ? words : ['']];
  const out: string[][] = [];
  for (let i = 0; i < words.length; i += group) out.push(words.slice(i, i + group));
  return out.length ? out : [['']];
}

/**
 * The node's running configuration as a configuration document: every setting whose value
 * differs from its version's default (what a redis.conf would have to say to reproduce it).
 */
export function effectiveConfig(n: NodeSnapshot, table: DirectiveLookup): ConfigDocument {
  const file = `${n.address} (CONFIG GET)`;
  const directives: Directive[] = [];
  for (const [name, value] of Object.entries(n.config ?? {})) {
    const spec = table.effective(name);
    if (!spec || spec.defaultVaries || value === REDACTED || table.spec(name)?.aliasOf) continue;
    if (spec.default !== undefined && normalizeValue(spec.default) === normalizeValue(value)) continue;
    for (const args of linesFor(name, value)) {
      directives.push({ name, args, file, line: directives.length + 1, text: `${name} ${value}` });
    }
  }
  return { file, kind: 'server', directives, problems: [], files: [] };
}

/** Runs the config rules on a node's running configuration; findings point at the node and the setting. */
export function checkEffectiveConfig(n: NodeSnapshot, rules: Rule[], ctx: Parameters<typeof checkConfigDocument>[2]): Finding[] {
  const doc = effectiveConfig(n, ctx.from);
  const selected = rules.filter((r) => !(r.check && FILE_ONLY_CHECKS.has(r.check)));
  return checkConfigDocument(doc, selected, ctx).map((f) => {
    const directive = 'file' in f.location && f.location.line ? doc.directives[f.location.line - 1] : undefined;
    const location = nodeLocation(n, directive?.name ?? 'config');
    return { ...f, location, evidence: `CONFIG GET ${directive ? `${directive.name} → ${directive.text.slice(directive.name.length + 1)}` : ''}`.trim(),
      fingerprint: fingerprintOf(f.ruleId, location, directive?.text ?? f.message) };
  });
}
