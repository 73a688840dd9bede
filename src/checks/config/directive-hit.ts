import type { Directive } from '../../inputs/config/document.js';
import { redactConfigLine, shownArgs } from '../../inputs/config/secrets.js';
import type { Hit } from '../context.js';

/**
 * The part of a fingerprint's key a directive gives, without its secrets: fingerprints are unsalted
 * hashes, so a password in the key could be recovered by guessing. Unchanged when there is none.
 */
function safeKey(d: Directive, key: string): string {
  const line = `${d.name} ${key}`;
  const redacted = redactConfigLine(line);
  return redacted === line ? key : redacted;
}

/** A hit anchored on a directive line, with the usual placeholders filled and secrets redacted (in the evidence and the fingerprint's key). */
export function directiveHit(d: Directive, key: string, vars: Record<string, string>, boundary?: string): Hit {
  const hit: Hit = {
    location: { file: d.file, line: d.line },
    evidence: redactConfigLine(d.text),
    key: `${d.name}:${safeKey(d, key)}`,
    vars: { directive: d.name, value: shownArgs(d.name, d.args).join(' '), ...vars },
  };
  if (boundary) hit.boundary = boundary;
  return hit;
}
