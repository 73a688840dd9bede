import type { ErrorObject } from 'ajv';

/** One schema violation: the JSON path of the value (as parts) and what is wrong with it. */
export interface Violation { path: string[]; message: string }

/**
 * Turns ajv errors (compiled with `verbose: true`, so each carries its schema) into one sentence
 * each, naming the JSON path: `/output/format must be one of text, json, sarif, markdown`.
 * Duplicates are dropped; ajv's order is kept.
 */
export function violations(errors: ErrorObject[]): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const v = describe(e, path);
    const key = `${v.path.join('/')}\0${v.message}`;
    if (!seen.has(key)) { seen.add(key); out.push(v); }
  }
  return out;
}

/** `/output/format`, or `/` for the whole file. */
export function pointer(path: string[]): string {
  return `/${path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function describe(e: ErrorObject, path: string[]): Violation {
  const schema = (e.parentSchema ?? {}) as { properties?: Record<string, unknown>; examples?: unknown[] };
  const at = pointer(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(schema.properties ?? {});
      return { path: [...path, key], message: `${pointer([...path, key])} is not a known key${known.length ? ` (known: ${known.join(', ')})` : ''}` };
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return { path, message: `${pointer([...path, key])} is required` };
    }
    case 'enum':
      return { path, message: `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
    case 'minLength':
      return { path, message: `${at} must not be empty` };
    case 'pattern':
      return { path, message: `${at} must be like ${(schema.examples ?? []).join(' or ') || (e.params as { pattern: string }).pattern}` };
    default:
      return { path, message: `${at} ${e.message ?? 'is invalid'}` };
  }
}
