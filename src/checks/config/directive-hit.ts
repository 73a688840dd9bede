import type { Directive } from '../../inputs/config/document.js';
import { redactConfigLine, shownArgs } from '../../inputs/config/secrets.js';
import type { Hit } from '../context.js';

/** A hit anchored on a directive line, with the usual placeholders filled and secrets redacted. */
export function directiveHit(d: Directive, key: string, vars: Record<string, string>, boundary?: string): Hit {
  const hit: Hit = {
    location: { file: d.file, line: d.line },
    evidence: redactConfigLine(d.text),
    key: `${d.name}:${key}`,
    vars: { directive: d.name, value: shownArgs(d.name, d.args).join(' '), ...vars },
  };
  if (boundary) hit.boundary = boundary;
  return hit;
}
