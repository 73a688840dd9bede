import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { NapiConfig, SgNode } from '@ast-grep/napi';
import { errorText } from '../../errors.js';
import { astGrepLanguage, type SourceLanguage } from './languages.js';
import { parseableText } from './grammar-gaps.js';
import { astGrep } from './napi.js';
import { redactSourceSecrets } from './secrets.js';

/** Files above this size (bytes) are skipped with a note: generated bundles, minified code, data. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** A node an ast-grep query found, and the metavariables it bound. */
export interface Match {
  node: SgNode;
  /** The node a metavariable (`R` for `$R`) is bound to, or null. */
  get(name: string): SgNode | null;
}

class OwnMatch implements Match {
  constructor(readonly node: SgNode) {}
  get(name: string): SgNode | null {
    return this.node.getMatch(name);
  }
}

/** The matches of queries run ahead of time (by one combined search of many files), by query object. */
export type FoundMatches = ReadonlyMap<NapiConfig, Match[]>;

/** A source file read into memory; the syntax tree is built only when a rule needs it. */
export class SourceFile {
  private tree: SgNode | undefined;
  private lineStarts: number[] | undefined;
  private found: FoundMatches | undefined;

  constructor(readonly path: string, readonly language: SourceLanguage, readonly text: string) {}

  /** The root of the ast-grep syntax tree (parsed once, with the grammar's gaps blanked out: see parseableText). */
  root(): SgNode {
    this.tree ??= astGrep().parse(astGrepLanguage(this.language), parseableText(this.language, this.text)).root();
    return this.tree;
  }

  /**
   * Gives the file a tree parsed elsewhere (from this same text) and the matches of queries
   * already run on it; `findAll` answers those queries from them.
   */
  adopt(tree: SgNode, found: FoundMatches): void {
    this.tree = tree;
    this.found = found;
  }

  /**
   * Every node the query matches, in document order (ast-grep's `findAll`). A query known to
   * `adopt` is answered from its matches; any other is compiled and run here. Keyed by the query
   * object itself: callers pass the same object each time. Throws what ast-grep throws for a
   * query it refuses.
   */
  findAll(query: NapiConfig): Match[] {
    const ahead = this.found?.get(query);
    if (ahead) return ahead;
    return this.root().findAll(query).map((n) => new OwnMatch(n));
  }

  /** How many matches a query run ahead of time found here, or undefined when it was not run ahead. */
  answered(query: NapiConfig): number | undefined {
    return this.found?.get(query)?.length;
  }

  get parsed(): boolean {
    return this.tree !== undefined;
  }

  /** A 1-based line as a finding shows it: trimmed, at most 200 characters, its secrets redacted (redactSourceSecrets). */
  evidence(n: number): string {
    return redactSourceSecrets(this.line(n).trim()).slice(0, 200);
  }

  /** The text of a 1-based line, without its newline. */
  line(n: number): string {
    this.lineStarts ??= lineStartsOf(this.text);
    const start = this.lineStarts[n - 1];
    if (start === undefined) return '';
    const end = this.lineStarts[n] ?? this.text.length + 1;
    return this.text.slice(start, end - 1);
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export type ReadSource = { file: SourceFile } | { skipped: string };

export type ReadBytes = { bytes: Buffer } | { skipped: string };

/** One buffer reused by readSourceBytes: most files are read, searched for a literal and dropped. */
let scratch: Buffer | undefined;

/**
 * Reads a source file's bytes into a buffer shared by every call (valid until the next call;
 * copy or decode what must be kept). `size` is the size when known (a negative one when not): a
 * larger one than `maxBytes` skips the file without opening it; otherwise the read itself finds
 * a file that is too large. Returns `skipped` with a one-line reason for a file above `maxBytes`,
 * a binary file (a NUL byte in the first 8 KiB) or an unreadable one; never throws.
 */
export function readSourceBytes(path: string, size: number, maxBytes = MAX_SOURCE_BYTES): ReadBytes {
  const tooLarge = (n: number) => ({ skipped: `larger than ${Math.round(maxBytes / 1024)} KiB (${Math.round(n / 1024)} KiB): not scanned` });
  if (size > maxBytes) return tooLarge(size);
  if (!scratch || scratch.length < maxBytes + 1) scratch = Buffer.allocUnsafe(maxBytes + 1);
  const buf = scratch;
  let fd: number | undefined;
  let len = 0;
  try {
    fd = openSync(path, 'r');
    // Up to one byte more than allowed: a full buffer means a file above maxBytes.
    for (let n = -1; n !== 0 && len <= maxBytes;) {
      n = readSync(fd, buf, len, maxBytes + 1 - len, null);
      len += n;
    }
    if (len > maxBytes) return tooLarge(fstatSync(fd).size);
  } catch (err) {
    return { skipped: `unreadable: ${errorText(err)}` };
  } finally {
    if (fd !== undefined) try { closeSync(fd); } catch { /* nothing to do */ }
  }
  const bytes = buf.subarray(0, len);
  if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'binary file (NUL bytes): not scanned' };
  return { bytes };
}

/**
 * Reads a source file. Returns `skipped` with a one-line reason for a file above `maxBytes`,
 * a binary file (a NUL byte in the first 8 KiB) or an unreadable one; never throws.
 * `size` as for readSourceBytes.
 */
export function readSource(path: string, language: SourceLanguage, size: number, maxBytes = MAX_SOURCE_BYTES): ReadSource {
  const read = readSourceBytes(path, size, maxBytes);
  return 'skipped' in read ? read : { file: new SourceFile(path, language, read.bytes.toString('utf8')) };
}
