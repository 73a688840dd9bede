import { readFileSync } from 'node:fs';
import type { ManifestProblem, ManifestResult } from './types.js';

/** An empty result to fill. */
export function emptyResult(): ManifestResult {
  return { dependencies: [], problems: [] };
}

/**
 * A problem entry whose message fits on one line: parsers' messages (smol-toml's code frame,
 * yaml's caret lines) span several, and reports print one problem per line.
 */
export function problem(file: string, message: string, line?: number): ManifestProblem {
  let text = message.replace(/\s+/g, ' ').trim();
  if (text.length > 240) text = `${text.slice(0, 237)}...`;
  return line === undefined ? { file, message: text } : { file, line, message: text };
}

/**
 * Reads a manifest as UTF-8 text, without a byte-order mark. An unreadable or binary file gives a
 * problem instead, so that callers can return at once.
 */
export function readText(file: string): { text: string } | { problem: ManifestProblem } {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: { ...problem(file, `cannot read the file${code ? ` (${code})` : ''}`), unread: true } };
  }
  if (buf.subarray(0, 8192).includes(0)) return { problem: { ...problem(file, 'binary file, not a dependency manifest'), unread: true } };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

/** Splits text into lines, whatever the line endings. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** Maps character offsets to 1-based line numbers (binary search over line starts). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }
  /** The 1-based line holding character `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** Git conflict markers left in a file: the line of the first, when there is one. */
export function conflictMarkerLine(lines: string[]): number | undefined {
  const i = lines.findIndex((l) => /^(<{7}|={7}|>{7})(\s|$)/.test(l));
  return i < 0 ? undefined : i + 1;
}

/** A plain object (JSON/TOML/YAML table), not an array or null. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string value, or undefined for anything else. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
