import { readFileSync } from 'node:fs';
import { parse, type SgNode } from '@ast-grep/napi';
import { messageOf } from '../../errors.js';
import { astGrepLanguage, type SourceLanguage } from './languages.js';

/** Files above this size (bytes) are skipped with a note: generated bundles, minified code, data. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** A source file read into memory; the syntax tree is built only when a rule needs it. */
export class SourceFile {
  private tree: SgNode | undefined;
  private lineStarts: number[] | undefined;

  constructor(readonly path: string, readonly language: SourceLanguage, readonly text: string) {}

  /** The root of the ast-grep syntax tree (parsed once). */
  root(): SgNode {
    this.tree ??= parse(astGrepLanguage(this.language), this.text).root();
    return this.tree;
  }

  get parsed(): boolean {
    return this.tree !== undefined;
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

/**
 * Reads a source file. Returns `skipped` with a one-line reason for a file above `maxBytes`,
 * a binary file (a NUL byte in the first 8 KiB) or an unreadable one; never throws.
 */
export function readSource(path: string, language: SourceLanguage, size: number, maxBytes = MAX_SOURCE_BYTES): ReadSource {
  if (size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024)} KiB (${Math.round(size / 1024)} KiB): not scanned` };
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    return { skipped: `unreadable: ${messageOf(err).replace(/^[A-Z]+: /, '')}` };
  }
  if (buf.subarray(0, 8192).includes(0)) return { skipped: 'binary file (NUL bytes): not scanned' };
  return { file: new SourceFile(path, language, buf.toString('utf8')) };
}
