import { readFileSync } from 'node:fs';
import { lazyRequire } from '../lazy.js';
import { messageOf, UsageError } from '../errors.js';
import { schemaValidator } from '../schema.js';

const yaml = lazyRequire<typeof import('yaml')>('yaml');

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
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: cannot read acknowledgements: ${messageOf(err).split('\n')[0]?.replace(/^[A-Z]+: /, '')}`);
  }
  const validator = schemaValidator('acknowledgements.schema.json');
  if (!validator(doc)) {
    const lines = (validator.errors ?? []).map((e) => `${file}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw new UsageError(`acknowledgements refused:\n  ${lines.join('\n  ')}`);
  }
  const acks = (doc as { acknowledgements: Omit<Acknowledgement, 'file'>[] }).acknowledgements;
  acks.forEach((a, i) => {
    for (const key of ['date', 'expires'] as const) {
      if (Number.isNaN(Date.parse(`${a[key]}T00:00:00Z`))) throw new UsageError(`${file}: /acknowledgements/${i}/${key} '${a[key]}' is not a date`);
    }
    if (a.expires < a.date) throw new UsageError(`${file}: /acknowledgements/${i}/expires '${a.expires}' is before its date '${a.date}'`);
  });
  return acks.map((a) => ({ ...a, file }));
}
