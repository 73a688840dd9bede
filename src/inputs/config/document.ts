import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { errorText } from '../../errors.js';
import { splitArgs } from './split-args.js';

/** One directive line as the server reads it: name lowercased, arguments unquoted. */
export interface Directive {
  /** Lowercased, as the server compares names (case-insensitive). */
  name: string;
  args: string[];
  /** The file the line is in (an included file for included lines). */
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  /** The line as written, trimmed. */
  text: string;
  /** In an ACL file: the line's number as the server counts it in its errors (lower than `line` after a NUL byte joined lines). */
  serverLine?: number;
  /** For lines read through `include`: the include directive that brought them in. */
  includedFrom?: { file: string; line: number };
}

/** A problem with the file itself rather than with one directive's meaning. */
export interface ConfigProblem {
  kind: 'unbalanced-quotes' | 'include-missing' | 'include-directory' | 'include-cycle' | 'include-unreadable' | 'binary' | 'nul-byte' | 'unreadable' | 'acl-line';
  file: string;
  line?: number;
  text?: string;
  message: string;
}

/** A redis.conf or sentinel.conf, read the way the server reads it, includes followed; or an ACL file (acl-file.ts). */
export interface ConfigDocument {
  /** The path as the user gave it. */
  file: string;
  /** `acl`: an ACL file (the aclfile directive's), whose directives are its `user` lines, and the settings of the configuration file that names it. */
  kind: 'server' | 'sentinel' | 'acl';
  directives: Directive[];
  problems: ConfigProblem[];
  /** Every file read, the top one first. */
  files: string[];
}

export interface ParseOptions {
  /** The server resolves relative include paths against its working directory; default process.cwd(). */
  cwd?: string;
}

/** An include target with these is a glob (expanded by 7.0+). */
export const GLOB_CHARS = /[*?[]/;

/** The files an include glob matches as the server expands it: sorted (as glob(3)), files only, a relative pattern against `cwd`. */
export function includeGlob(pattern: string, cwd: string): string[] {
  return globSync(pattern, { cwd, absolute: isAbsolute(pattern), onlyFiles: true, expandDirectories: false }).sort();
}

/**
 * Reads a configuration file and the files it includes, in the server's order.
 * Never throws for a user's file: an unreadable file, a binary file, unbalanced quotes, a missing
 * include or an include cycle each become a ConfigProblem naming the file and line.
 * Source of the rules followed: redis/redis src/config.c loadServerConfig / loadServerConfigFromString
 * (lines split on \n, trimmed of " \t\r\n", '#' comments, include globs since 7.0).
 */
export function parseConfigFile(file: string, options: ParseOptions = {}): ConfigDocument {
  const doc: ConfigDocument = { file, kind: 'server', directives: [], problems: [], files: [] };
  readInto(doc, file, [], options.cwd ?? process.cwd(), undefined);
  if (doc.directives.some((d) => d.name === 'sentinel')) doc.kind = 'sentinel';
  return doc;
}

/** Parses configuration text that is not on disk (tests, CONFIG GET renderings). */
export function parseConfigText(text: string, file: string, options: ParseOptions = {}): ConfigDocument {
  const doc: ConfigDocument = { file, kind: 'server', directives: [], problems: [], files: [file] };
  readLines(doc, text, file, [file], options.cwd ?? process.cwd(), undefined);
  if (doc.directives.some((d) => d.name === 'sentinel')) doc.kind = 'sentinel';
  return doc;
}

/** NUL bytes in the first 8 KiB from which a file is binary rather than text with a stray NUL (an RDB or an executable has many). */
const BINARY_NULS = 4;

/** Control bytes no text file has (NUL apart): with a NUL byte, a binary file. */
const CONTROL = /[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]/;

/**
 * True when the bytes look like a binary file rather than configuration text: a NUL byte in the
 * first 8 KiB with another control byte (an ELF or RDB header), or more than a few NUL bytes.
 */
export function looksBinary(buf: Buffer): boolean {
  const head = buf.subarray(0, 8192);
  let nuls = 0;
  for (let i = head.indexOf(0); i >= 0 && nuls <= BINARY_NULS; i = head.indexOf(0, i + 1)) nuls++;
  return nuls > BINARY_NULS || (nuls > 0 && CONTROL.test(head.toString('latin1')));
}

/**
 * The lines as the server reads them, each with the number of the physical line it starts on: the
 * server appends each fgets() chunk with sdscat(), which stops at a NUL byte, so a line keeps only
 * what comes before its first NUL, loses its newline, and the next line continues it (redis/redis
 * src/config.c loadServerConfig, 2.8 to 8.0). `nul`: the physical line with the NUL.
 */
export function serverLines(text: string): { text: string; line: number; nul?: number }[] {
  const out: { text: string; line: number; nul?: number }[] = [];
  let current = '';
  let start = 1;
  let nul: number | undefined;
  const physical = text.split('\n');
  physical.forEach((raw, i) => {
    const at = raw.indexOf('\0');
    if (at >= 0 && i < physical.length - 1) {
      current += raw.slice(0, at);
      nul ??= i + 1;
      return;
    }
    current += at >= 0 ? raw.slice(0, at) : raw;
    out.push({ text: current, line: start, ...(nul !== undefined ? { nul } : {}) });
    current = '';
    start = i + 2;
    nul = undefined;
  });
  return out;
}

function readInto(doc: ConfigDocument, file: string, stack: string[], cwd: string,
  from: { file: string; line: number } | undefined): void {
  let real: string;
  let buf: Buffer;
  try {
    real = realpathSync(file);
    if (statSync(real).isDirectory()) {
      // The server's fopen() of a directory succeeds and fgets() then reads nothing: it starts, without those settings.
      if (!from) throw new Error('is a directory');
      doc.problems.push({ kind: 'include-directory', file: from.file, line: from.line, message: `'${file}' is a directory` });
      return;
    }
    buf = readFileSync(real);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorText(err);
    if (from) {
      doc.problems.push({ kind: 'include-missing', file: from.file, line: from.line, message: `cannot open included file '${file}': ${reason}` });
    } else {
      doc.problems.push({ kind: 'unreadable', file, message: `cannot read '${file}': ${reason}` });
    }
    return;
  }
  if (stack.includes(real)) {
    doc.problems.push({ kind: 'include-cycle', file: from?.file ?? file, line: from?.line,
      message: `include cycle: ${[...stack, real].join(' → ')}` });
    return;
  }
  if (looksBinary(buf)) {
    doc.problems.push({ kind: 'binary', file, message: `'${file}' is a binary file, not a configuration file` });
    return;
  }
  doc.files.push(file);
  readLines(doc, buf.toString('utf8'), file, [...stack, real], cwd, from);
}

function readLines(doc: ConfigDocument, text: string, file: string, stack: string[], cwd: string,
  from: { file: string; line: number } | undefined): void {
  const lines = serverLines(text);
  for (const { text: raw, line, nul } of lines) {
    if (nul !== undefined) {
      doc.problems.push({ kind: 'nul-byte', file, line: nul, message: `a NUL byte on line ${nul}: the server keeps that line only up to it, and reads line ${nul + 1} as its continuation` });
    }
    const trimmed = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const args = splitArgs(trimmed);
    if (args === null) {
      doc.problems.push({ kind: 'unbalanced-quotes', file, line, text: trimmed, message: 'Unbalanced quotes in configuration line' });
      continue;
    }
    if (args.length === 0) continue;
    const [name, ...rest] = args as [string, ...string[]];
    const directive: Directive = { name: name.toLowerCase(), args: rest, file, line, text: trimmed };
    if (from) directive.includedFrom = from;
    doc.directives.push(directive);
    if (directive.name === 'include' && rest.length === 1) {
      followInclude(doc, rest[0] as string, { file, line }, stack, cwd);
    }
  }
}

function followInclude(doc: ConfigDocument, target: string, at: { file: string; line: number }, stack: string[], cwd: string): void {
  if (GLOB_CHARS.test(target)) {
    // 7.0+ expands globs (sorted, as glob(3)) and skips a pattern that matches nothing; older
    // servers open the pattern as a file name, which a rule reports for those targets.
    for (const m of includeGlob(target, cwd)) readInto(doc, isAbsolute(m) ? m : resolve(cwd, m), stack, cwd, at);
    return;
  }
  readInto(doc, isAbsolute(target) ? target : resolve(cwd, target), stack, cwd, at);
}
