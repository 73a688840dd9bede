import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { SourceLanguage } from './languages.js';

/**
 * Local modules: the application's own files that a file imports (`require('../redis')`,
 * `from .connection import db`, `from redisco.connection import db`), so that a file which gets its
 * client from a wrapper module of the application is checked like the wrapper.
 */

/** Grammars whose local imports are followed. */
const LOCAL_IMPORT_LANGUAGES: ReadonlySet<SourceLanguage> = new Set(['javascript', 'typescript', 'tsx', 'python']);

/** The family of grammars whose files import each other's modules, or undefined for one whose local imports are not followed. */
export function importFamily(language: SourceLanguage): 'js' | 'python' | undefined {
  return !LOCAL_IMPORT_LANGUAGES.has(language) ? undefined : language === 'python' ? 'python' : 'js';
}

/** Where a relative JavaScript path may start: a quote, then a dot (`'./x'`, `"../lib/redis"`, `'..'`). */
const JS_MARKERS: readonly Buffer[] = ["'.", '".', '`.'].map((s) => Buffer.from(s));
/** A relative specifier: `.` or `..`, alone or followed by a path. */
const RELATIVE = /^\.\.?(?:\/|$)/;

const NEWLINE = 0x0a;
const IMPORT = Buffer.from('import');

/** The name a relative JavaScript specifier gives its module: its last part without extension (`'..'` and `'.'` as themselves). */
function specifierName(spec: string): string {
  const trimmed = spec.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
}

/** `a.b as c` → `a.b`. */
const withoutAlias = (s: string) => s.trim().replace(/\s+as\s+\w+$/, '');

/**
 * The names of the local modules a file's bytes may import, read without decoding the file: the
 * last part of each relative JavaScript path (`'../lib/redis.js'` → `redis`, `'..'` as `..`), and in
 * Python the last part of each imported module and the names a `from` line imports (`from
 * app.cache import client` → `cache`, `client`; `import app.conn as c` → `conn`; a parenthesised
 * list only as far as its first line). Each line is read once. A cheap superset for deciding which
 * files to decode (see localImports).
 */
export function importedNames(bytes: Buffer, family: 'js' | 'python'): string[] {
  const out: string[] = [];
  if (family === 'js') {
    for (const marker of JS_MARKERS) {
      for (let i = bytes.indexOf(marker); i >= 0; i = bytes.indexOf(marker, i + 1)) {
        const quote = bytes[i] as number;
        let end = i + 1;
        while (end < bytes.length && end - i < 512 && bytes[end] !== quote && bytes[end] !== NEWLINE) end++;
        if (bytes[end] !== quote) continue;
        const spec = bytes.toString('latin1', i + 1, end);
        if (RELATIVE.test(spec)) out.push(specifierName(spec));
        i = end;
      }
    }
    return out;
  }
  for (let i = bytes.indexOf(IMPORT); i >= 0; i = bytes.indexOf(IMPORT, i + 1)) {
    const start = bytes.lastIndexOf(NEWLINE, i) + 1;
    const stop = bytes.indexOf(NEWLINE, i);
    const line = bytes.toString('latin1', start, stop < 0 ? bytes.length : stop);
    const from = /^[ \t]*from[ \t]+\.*([\w.]*)[ \t]+import\b[ \t(]*([\w \t,]*)/.exec(line);
    const plain = from ? undefined : /^[ \t]*import[ \t]+([\w., \t]+)/.exec(line);
    const modules = from ? [from[1] as string] : (plain?.[1] ?? '').split(',').map(withoutAlias);
    for (const m of modules) { const last = m.trim().split('.').pop(); if (last) out.push(last); }
    if (from) for (const n of (from[2] as string).split(',')) { const name = n.trim().split(/\s+/)[0]; if (name) out.push(name); }
    if (stop < 0) break;
    i = stop;
  }
  return out;
}

// Literal prefilters only: what they find is confirmed against the file's syntax tree (importsOf) before it counts.
const JS_SPECIFIER = /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|\bimport\s+)(['"`])(\.\.?(?:\/[^'"`\n]*)?)\1/g;
const PY_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[\w \t,]*)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm;

/**
 * A module a file names, as its import statement writes it, the files it may be (absolute paths,
 * without extension), and for a Python `from` statement the names it imports from it.
 */
export interface LocalImport { module: string; stems: string[]; names?: string[] }

const JS_SUFFIXES = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** Is a directory a Python package (it has an __init__.py)? */
export type IsPackage = (dir: string) => boolean;
const hasInit: IsPackage = (dir) => existsSync(join(dir, '__init__.py'));

/**
 * The local modules a file's text names, each with the paths (absolute, without extension) it may
 * resolve to: JavaScript/TypeScript relative specifiers (`./x`, `../lib/redis.js`, `..`, a
 * directory's `index`); Python relative imports (`from .x import y`, `from .. import x`) against
 * the file's package, and absolute ones (`from pkg.mod import y`, `import pkg.mod as m`) against
 * the directory above the file's top-most package and every directory above it (where sys.path
 * roots may be: never inside a package, so `import queue` in `app/` is the standard library's, not
 * `app/queue.py`). `from m import a` also names `m.a` (a submodule); parenthesised and continued
 * name lists are read whole. Found by literal patterns, so comments and strings may yield false
 * ones: callers confirm a module against the file's syntax tree.
 */
export function localImports(file: string, text: string, language: SourceLanguage, wanted: (name: string) => boolean = () => true, isPackage: IsPackage = hasInit): LocalImport[] {
  const out: LocalImport[] = [];
  const here = dirname(resolve(file));
  if (language === 'python') {
    let ancestors: string[] | undefined;
    const above = (): string[] => {
      if (!ancestors) {
        ancestors = [];
        for (let d = here; ; d = dirname(d)) { ancestors.push(d); if (dirname(d) === d) break; }
      }
      return ancestors;
    };
    let roots: string[] | undefined;
    const rootsOf = (): string[] => (roots ??= above().slice(Math.max(0, above().findIndex((d) => !isPackage(d)))));
    const add = (module: string, names: string[]) => {
      const dots = /^\.*/.exec(module)?.[0].length ?? 0;
      const rest = module.slice(dots).split('.').filter(Boolean);
      // Resolving is the costly part: only for a module whose own name is wanted.
      const targets = [rest, ...names.map((n) => [...rest, n])].filter((parts) => parts.length && wanted(parts[parts.length - 1] as string));
      if (!targets.length) return;
      const bases = dots ? [above()[dots - 1]].filter((b): b is string => b !== undefined) : rootsOf();
      const stems = bases.flatMap((b) => targets.map((parts) => join(b, ...parts)));
      if (stems.length) out.push({ module, stems, ...(names.length ? { names } : {}) });
    };
    const joined = text.replace(/\\\r?\n/g, ' ');
    for (const m of joined.matchAll(PY_FROM)) {
      const names = (m[2] as string).replace(/[()]/g, ' ').split(',').map((x) => withoutAlias(x).split(/\s+/)[0] as string).filter((x) => /^\w+$/.test(x));
      add(m[1] as string, names);
    }
    for (const m of joined.matchAll(PY_IMPORT)) for (const name of (m[1] as string).split(',')) add(withoutAlias(name), []);
    return out;
  }
  for (const m of text.matchAll(JS_SPECIFIER)) {
    const spec = m[2] as string;
    const name = specifierName(spec);
    if (name !== '.' && name !== '..' && !wanted(name) && !wanted(spec.replace(/\/+$/, '').split('/').pop() as string)) continue;
    const abs = resolve(here, spec);
    const stripped = JS_SUFFIXES.find((s) => abs.endsWith(s));
    const base = stripped ? abs.slice(0, -stripped.length) : abs;
    out.push({ module: spec, stems: [base, `${abs}${sep}index`] });
  }
  return out;
}

/** The name a module is imported by: its file name without extension, or its directory's for an `index` or `__init__` file. */
export function moduleName(file: string): string {
  const stem = moduleStem(file);
  const name = stem.slice(stem.lastIndexOf(sep) + 1);
  return name === 'index' ? basename(dirname(stem)) : name;
}

/** The path of a source file without its extension: what localImports' stems are compared with (`/app/lib/redis`, `/app/pkg/__init__` as `/app/pkg`). */
export function moduleStem(file: string): string {
  const abs = resolve(file);
  const noExt = abs.replace(/\.[^./\\]+$/, '');
  return noExt.endsWith(`${sep}__init__`) ? noExt.slice(0, -`${sep}__init__`.length) : noExt;
}
