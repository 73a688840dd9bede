import { parse, TomlError } from 'smol-toml';
import { splitLines } from './text.js';

/** A TOML document read leniently, with what finding lines needs. */
export interface TomlDocument {
  data: Record<string, unknown>;
  problems: { line?: number; message: string }[];
  lines: string[];
}

const HEADER = /^\s*\[\[?\s*([A-Za-z0-9_\-"'. ]+?)\s*\]\]?\s*(?:#.*)?$/;

/**
 * Parses TOML (https://toml.io/en/v1.0.0) with smol-toml. smol-toml stops at the first error, so
 * on an error the table it is in (header to next header) is blanked and the rest parsed again:
 * one bad table costs only its own entries. Each blanked table leaves one problem with its line.
 */
export function parseTomlLenient(text: string): TomlDocument {
  const lines = splitLines(text);
  const problems: TomlDocument['problems'] = [];
  const work = [...lines];
  for (let attempt = 0; attempt <= lines.length; attempt++) {
    try {
      return { data: parse(work.join('\n')) as Record<string, unknown>, problems, lines };
    } catch (err) {
      if (!(err instanceof TomlError)) {
        problems.push({ message: `TOML error: ${err instanceof Error ? err.message : String(err)}` });
        break;
      }
      problems.push({ line: err.line, message: `TOML syntax error: ${(err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '')}` });
      const at = Math.min(Math.max(err.line - 1, 0), work.length - 1);
      let start = at;
      while (start > 0 && !HEADER.test(work[start] ?? '')) start--;
      let end = at + 1;
      while (end < work.length && !HEADER.test(work[end] ?? '')) end++;
      if (work.slice(start, end).every((l) => l === '')) break;
      for (let k = start; k < end; k++) work[k] = '';
    }
  }
  return { data: {}, problems, lines };
}

/** `tool.poetry."my group"` → ['tool', 'poetry', 'my group']. */
function splitKey(key: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < key.length && (m = re.exec(key)) !== null) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * 0-based index of the line `key = …` directly in table `table`, or of the header `[table.key]`
 * when the key is a sub-table (`[tool.poetry.dependencies.redis]`). Dotted keys and keys inside
 * inline tables are not located (undefined).
 */
function keyIndex(lines: string[], table: string[], key: string): number | undefined {
  const want = table.join('\u0000');
  const asTable = [...table, key].join('\u0000');
  const keyRe = new RegExp(`^\\s*(?:"${escapeRegExp(key)}"|'${escapeRegExp(key)}'|${escapeRegExp(key)})\\s*=`);
  let current = '';
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] ?? '';
    const h = HEADER.exec(line);
    if (h?.[1]) {
      current = splitKey(h[1]).join('\u0000');
      if (current === asTable) return k;
      continue;
    }
    if (current === want && keyRe.test(line)) return k;
  }
  return undefined;
}

/** 1-based line of `key = …` in table `table` (`[]` for the root). */
export function tomlKeyLine(doc: TomlDocument, table: string[], key: string): number | undefined {
  const k = keyIndex(doc.lines, table, key);
  return k === undefined ? undefined : k + 1;
}

/** 1-based line of the string `item` inside the array `key = [...]` of table `table`. */
export function tomlArrayItemLine(doc: TomlDocument, table: string[], key: string, item: string): number | undefined {
  const start = keyIndex(doc.lines, table, key);
  if (start === undefined) return undefined;
  for (let k = start; k < doc.lines.length; k++) {
    const line = doc.lines[k] ?? '';
    if (k > start && HEADER.test(line)) return undefined;
    if (line.includes(`"${item}"`) || line.includes(`'${item}'`)) return k + 1;
  }
  return undefined;
}

/** Lines of `name = "…"` in each `[[table]]` block, with the block's `version`, in file order. */
export function tomlArrayTableNames(doc: TomlDocument, table: string): { name: string; version?: string; line: number }[] {
  const out: { name: string; version?: string; line: number }[] = [];
  let inBlock = false;
  let current: { name: string; version?: string; line: number } | undefined;
  for (let k = 0; k < doc.lines.length; k++) {
    const line = doc.lines[k] ?? '';
    if (HEADER.test(line)) {
      inBlock = new RegExp(`^\\s*\\[\\[\\s*${escapeRegExp(table)}\\s*\\]\\]`).test(line);
      current = undefined;
      continue;
    }
    if (!inBlock) continue;
    const m = /^\s*(name|version)\s*=\s*["']([^"']*)["']/.exec(line);
    if (m?.[1] === 'name' && m[2] !== undefined) {
      current = { name: m[2], line: k + 1 };
      out.push(current);
    } else if (m?.[1] === 'version' && current && m[2] !== undefined) {
      current.version = m[2];
    }
  }
  return out;
}
