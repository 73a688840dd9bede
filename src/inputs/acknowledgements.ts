import { readFileSync } from 'node:fs';
import { errorText, UsageError } from '../errors.js';
import { schemaValidator } from '../schema.js';
import { parseYamlSource } from './yaml-source.js';

/** One manual check marked done: who, when, under which ticket, and the last day it counts. */
export interface Acknowledgement {
  check: string;
  by: string;
  /** YYYY-MM-DD. */
  date: string;
  ticket: string;
  /** YYYY-MM-DD, inclusive. */
  expires: string;
  note?: string;
  /** The file it was read from. */
  file: string;
}

/**
 * Reads an acknowledgement file (YAML or JSON, schemas/acknowledgements.schema.json):
 * `{ acknowledgements: [{ check, by, date, ticket, expires, note? }] }`.
 * @throws UsageError naming the file (and the JSON path of each schema error) when it cannot be
 *   read, does not parse, does not validate, has a date that is not a calendar date, or expires
 *   before its date.
 */
export function readAcknowledgements(file: string): Acknowledgement[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read acknowledgements: ${errorText(err)}`);
  }
  const source = parseYamlSource(text);
  const at = (path: string[]) => {
    const line = source.lineOf(path);
    return line === undefined ? file : `${file}:${line}`;
  };
  const syntax = source.errors[0];
  if (syntax) throw new UsageError(`${syntax.line === undefined ? file : `${file}:${syntax.line}`}: cannot read acknowledgements: ${syntax.message}`);
  const doc = source.value;
  const validator = schemaValidator('acknowledgements.schema.json');
  if (!validator(doc)) {
    const lines = (validator.errors ?? []).map((e) => `${at(e.instancePath.split('/').slice(1))}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw new UsageError(`acknowledgements refused:\n  ${lines.join('\n  ')}`);
  }
  const acks = (doc as { acknowledgements: Omit<Acknowledgement, 'file'>[] }).acknowledgements;
  acks.forEach((a, i) => {
    const where = (key: string) => at(['acknowledgements', String(i), key]);
    for (const key of ['date', 'expires'] as const) {
      if (Number.isNaN(Date.parse(`${a[key]}T00:00:00Z`))) throw new UsageError(`${where(key)}: /acknowledgements/${i}/${key} '${a[key]}' is not a date`);
    }
    if (a.expires < a.date) throw new UsageError(`${where('expires')}: /acknowledgements/${i}/expires '${a.expires}' is before its date '${a.date}'`);
  });
  return acks.map((a) => ({ ...a, file }));
}
