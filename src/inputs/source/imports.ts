import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { SourceFile } from './file.js';
import type { SourceLanguage } from './languages.js';

/**
 * A module a file imports, as written (`redis.asyncio`, `ioredis`, `github.com/redis/go-redis/v9`);
 * for a Python `from … import` statement, also the statement's text (the names it imports).
 */
export interface Imported { module: string; line: number; statement?: string }

const unquote = (s: string) => s.replace(/^[`'"]+|[`'"]+$/g, '');

function at(node: SgNode): number {
  return node.range().start.line + 1;
}

/** One ast-grep query of import statements, and how a matched node names its modules. */
interface ImportQuery { query: NapiConfig; read(node: SgNode, out: Imported[]): void }

const pythonImport = (n: SgNode, out: Imported[]) => {
  for (const d of n.children()) {
    const name = d.kind() === 'dotted_name' ? d : d.kind() === 'aliased_import' ? d.field('name') : null;
    if (name) out.push({ module: name.text(), line: at(n) });
  }
};
const pythonFrom = (n: SgNode, out: Imported[]) => {
  const m = n.field('module_name');
  // A relative import (`.x`, `..`) names a module of the application itself, never a library's.
  if (m && (m.kind() === 'dotted_name' || m.kind() === 'relative_import')) out.push({ module: m.text(), line: at(n), statement: n.text() });
};
const jsStatement = (n: SgNode, out: Imported[]) => {
  // TypeScript's `import x = require('m')` has no source field: its string is in the require clause.
  const s = n.field('source') ?? n.children().find((c) => c.kind() === 'import_require_clause')?.children().find((c) => c.kind() === 'string');
  if (s) out.push({ module: unquote(s.text()), line: at(n) });
};
const firstStringArgument = (n: SgNode, out: Imported[]) => {
  const arg = n.field('arguments')?.children().find((c) => c.kind() === 'string');
  if (arg) out.push({ module: unquote(arg.text()), line: at(n) });
};
const goSpec = (n: SgNode, out: Imported[]) => {
  const p = n.field('path');
  if (p) out.push({ module: unquote(p.text()), line: at(n) });
};
const javaImport = (n: SgNode, out: Imported[]) => {
  const name = n.children().find((c) => c.kind() === 'scoped_identifier' || c.kind() === 'identifier');
  if (name) out.push({ module: name.text(), line: at(n) });
};

/** The import rules of each grammar (Lua has no imports). */
const RULES: Record<SourceLanguage, { rule: Record<string, unknown>; read: ImportQuery['read'] }[]> = {
  python: [{ rule: { kind: 'import_statement' }, read: pythonImport }, { rule: { kind: 'import_from_statement' }, read: pythonFrom }],
  javascript: [
    { rule: { any: [{ kind: 'import_statement' }, { kind: 'export_statement', has: { field: 'source', kind: 'string' } }] }, read: jsStatement },
    { rule: { kind: 'call_expression', has: { field: 'function', regex: '^(require|import)$' } }, read: firstStringArgument },
  ],
  typescript: [],
  tsx: [],
  go: [{ rule: { kind: 'import_spec' }, read: goSpec }],
  java: [{ rule: { kind: 'import_declaration' }, read: javaImport }],
  ruby: [{ rule: { kind: 'call', has: { field: 'method', regex: '^require$' } }, read: firstStringArgument }],
  lua: [],
};
RULES.typescript = RULES.javascript;
RULES.tsx = RULES.javascript;

/** Rust regex syntax for a literal string. */
export function regexLiteral(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$#&\-~]/g, '\\$&');
}

// The text test first: ast-grep skips nodes of other kinds before either, and it is cheaper than `has`.
const withText = (rule: Record<string, unknown>, literals: readonly string[] | undefined) =>
  (literals ? { all: [{ regex: literals.map(regexLiteral).join('|') }, rule] } : rule);

/**
 * The queries `importsOf` runs on files of a language. With `literals`, only import statements
 * whose text contains one of them are read: enough to tell whether a file imports a module that
 * starts with one of them, for much fewer nodes in large files. Keep the object and pass it to
 * each call (files answer queries run ahead of time by object, see SourceFile.adopt).
 */
export class ImportQueries {
  readonly list: ImportQuery[];
  /** Ruby: top-level constants, see constantsOf. */
  readonly constants: NapiConfig;

  constructor(readonly language: SourceLanguage, literals?: readonly string[], constantNames?: readonly string[]) {
    this.list = RULES[language].map(({ rule, read }) => ({ query: { rule: withText(rule, literals) } as NapiConfig, read }));
    const constant = { kind: 'constant', not: { inside: { kind: 'scope_resolution', field: 'name' } } };
    this.constants = { rule: constantNames ? { all: [{ kind: 'constant', regex: `^(?:${constantNames.map(regexLiteral).join('|')})$` }, constant] } : constant } as NapiConfig;
  }

  /** Every query, for running them ahead of time. */
  queries(): NapiConfig[] {
    return [...this.list.map((q) => q.query), ...(this.language === 'ruby' ? [this.constants] : [])];
  }
}

const plain = new Map<SourceLanguage, ImportQueries>();
const plainOf = (language: SourceLanguage) => plain.get(language) ?? plain.set(language, new ImportQueries(language)).get(language) as ImportQueries;

/**
 * The modules a file imports, read from its syntax tree: Python `import`/`from … import`,
 * JavaScript/TypeScript `import … from`, `export … from`, `require()` and `import()`, Go import
 * specs, Java `import` declarations, Ruby `require`. Lua has no imports (an empty list).
 * `queries` as built for the file's language (all imports when omitted).
 */
export function importsOf(file: SourceFile, queries: ImportQueries = plainOf(file.language)): Imported[] {
  const out: Imported[] = [];
  for (const q of queries.list) for (const m of file.findAll(q.query)) q.read(m.node, out);
  return out;
}

/** Does an imported module name one of the library's modules or a submodule of one? */
export function importMatches(module: string, wanted: string): boolean {
  if (module === wanted) return true;
  const next = module.charAt(wanted.length);
  return module.startsWith(wanted) && (next === '.' || next === '/');
}

/** Ruby: the top-level constants a file uses (`Redis` in `Redis.new`, `Redis::Cluster`), not those it defines inside a namespace. */
export function constantsOf(file: SourceFile, queries: ImportQueries = plainOf(file.language)): Set<string> {
  const out = new Set<string>();
  if (file.language !== 'ruby') return out;
  for (const m of file.findAll(queries.constants)) out.add(m.node.text());
  return out;
}
