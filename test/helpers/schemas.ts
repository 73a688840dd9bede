import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type Options } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './cli.js';

const require = createRequire(import.meta.url);
// CommonJS modules whose export is their `default`: ESM sees the module object.
const AjvDraft04 = (AjvDraft04Module as unknown as { default: new (opts: Options) => Ajv }).default;
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;
const json = (file: string): object => JSON.parse(readFileSync(file, 'utf8')) as object;

const reportAjv = new Ajv({ allErrors: true, strict: false });
addFormats(reportAjv);
const reportValidator = reportAjv.compile(json(join(ROOT, 'schemas', 'report.schema.json')));
// The SARIF 2.1.0 schema (draft-04) as Microsoft ships it for its own SARIF test matchers.
// Its `language` pattern is not valid as a Unicode regular expression, hence unicodeRegExp: false.
const sarifAjv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(sarifAjv);
const sarifValidator = sarifAjv.compile(json(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')));

const explain = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);

/** Schema errors of a JSON report (schemas/report.schema.json); empty when it validates. */
export function reportSchemaErrors(report: unknown): string[] {
  return reportValidator(report) ? [] : explain(reportValidator.errors);
}

/** Schema errors of a SARIF log against the official SARIF 2.1.0 schema; empty when it validates. */
export function sarifSchemaErrors(log: unknown): string[] {
  return sarifValidator(log) ? [] : explain(sarifValidator.errors);
}
