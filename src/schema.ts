import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv } from 'ajv';
import { lazyRequire } from './lazy.js';
import { packageRoot } from './paths.js';

export type Validator = ReturnType<Ajv['compile']>;

// ajv is loaded on first use: a run that reads the rule packs from the cache validates nothing.
const ajv = lazyRequire<typeof import('ajv')>('ajv');
const compiled = new Map<string, Validator>();

/** The path of a schema shipped in schemas/ (`rule-pack.schema.json`). */
export function schemaFile(name: string): string {
  return join(packageRoot(), 'schemas', name);
}

/**
 * The validator of a schema shipped in schemas/, compiled once per process (every error reported).
 * `verbose`: each error carries its schema (what cli/config/schema-errors.ts words messages from).
 */
export function schemaValidator(name: string, { verbose = false } = {}): Validator {
  let validator = compiled.get(name);
  if (!validator) {
    const { Ajv: AjvClass } = ajv();
    validator = new AjvClass({ allErrors: true, strict: false, ...(verbose ? { verbose } : {}) })
      .compile(JSON.parse(readFileSync(schemaFile(name), 'utf8')));
    compiled.set(name, validator);
  }
  return validator;
}
