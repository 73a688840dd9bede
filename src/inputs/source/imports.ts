import type { SgNode } from '@ast-grep/napi';
import type { SourceFile } from './file.js';

/** A module a file imports, as written (`redis.asyncio`, `ioredis`, `github.com/redis/go-redis/v9`). */
export interface Imported { module: string; line: number }

const unquote = (s: string) => s.replace(/^[`'"]+|[`'"]+$/g, '');

function at(node: SgNode): number {
  return node.range().start.line + 1;
}

/**
 * The modules a file imports, read from its syntax tree: Python `import`/`from … import`,
 * JavaScript/TypeScript `import … from`, `export … from`, `require()` and `import()`, Go import
 * specs, Java `import` declarations, Ruby `require`. Lua has no imports (an empty list).
 */
export function importsOf(file: SourceFile): Imported[] {
  const root = file.root();
  const out: Imported[] = [];
  switch (file.language) {
    case 'python':
      for (const n of root.findAll({ rule: { kind: 'import_statement' } })) {
        for (const d of n.children()) {
          const name = d.kind() === 'dotted_name' ? d : d.kind() === 'aliased_import' ? d.field('name') : null;
          if (name) out.push({ module: name.text(), line: at(n) });
        }
      }
      for (const n of root.findAll({ rule: { kind: 'import_from_statement' } })) {
        const m = n.field('module_name');
        if (m && m.kind() === 'dotted_name') out.push({ module: m.text(), line: at(n) });
      }
      break;
    case 'javascript': case 'typescript': case 'tsx':
      for (const n of root.findAll({ rule: { any: [{ kind: 'import_statement' }, { kind: 'export_statement', has: { field: 'source', kind: 'string' } }] } })) {
        const s = n.field('source');
        if (s) out.push({ module: unquote(s.text()), line: at(n) });
      }
      for (const n of root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '^(require|import)$' } } })) {
        const arg = n.field('arguments')?.children().find((c) => c.kind() === 'string');
        if (arg) out.push({ module: unquote(arg.text()), line: at(n) });
      }
      break;
    case 'go':
      for (const n of root.findAll({ rule: { kind: 'import_spec' } })) {
        const p = n.field('path');
        if (p) out.push({ module: unquote(p.text()), line: at(n) });
      }
      break;
    case 'java':
      for (const n of root.findAll({ rule: { kind: 'import_declaration' } })) {
        const name = n.children().find((c) => c.kind() === 'scoped_identifier' || c.kind() === 'identifier');
        if (name) out.push({ module: name.text(), line: at(n) });
      }
      break;
    case 'ruby':
      for (const n of root.findAll({ rule: { kind: 'call', has: { field: 'method', regex: '^require$' } } })) {
        const arg = n.field('arguments')?.children().find((c) => c.kind() === 'string');
        if (arg) out.push({ module: unquote(arg.text()), line: at(n) });
      }
      break;
    case 'lua':
      break;
  }
  return out;
}

/** Does an imported module name one of the library's modules or a submodule of one? */
export function importMatches(module: string, wanted: string): boolean {
  if (module === wanted) return true;
  const next = module.charAt(wanted.length);
  return module.startsWith(wanted) && (next === '.' || next === '/');
}

/** Ruby: the top-level constants a file uses (`Redis` in `Redis.new`, `Redis::Cluster`), not those it defines inside a namespace. */
export function constantsOf(file: SourceFile): Set<string> {
  const out = new Set<string>();
  if (file.language !== 'ruby') return out;
  for (const n of file.root().findAll({ rule: { kind: 'constant', not: { inside: { kind: 'scope_resolution', field: 'name' } } } })) out.add(n.text());
  return out;
}
