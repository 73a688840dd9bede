import type { Directive } from '../../inputs/config/document.js';
import type { Hit } from '../context.js';

/** A hit anchored on a directive line, with the usual placeholders filled. */
export function directiveHit(d: Directive, key: string, vars: Record<string, string>, boundary?: string): Hit {
  const hit: Hit = {
    location: { file: d.file, line: d.line },
    evidence: d.text,
    key: `${d.name}:${key}`,
    vars: { directive: d.name, value: d.args.join(' '), ...vars },
  };
  if (boundary) hit.boundary = boundary;
  return hit;
}
