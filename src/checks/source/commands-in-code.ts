import type { SgNode } from '@ast-grep/napi';
import type { SourceFile } from '../../inputs/source/file.js';
import { languageCovers, type SourceLanguage } from '../../inputs/source/languages.js';

/** A Redis command that code sends, where, and how it was recognised. */
export interface CommandUse {
  /** Lowercase table key: `georadius`, `cluster slots`. */
  command: string;
  line: number;
  column: number;
  how: 'method' | 'raw' | 'lua';
  text: string;
}

/** A raw-command call shape: an ast-grep rule object whose `$CMD` metavariable holds the command name. */
export interface CallShape { language: SourceLanguage; rule: Record<string, unknown> }

/** Method-call shapes per language: `$M` is the method name. */
const METHOD_CALLS: Record<string, Record<string, unknown>> = {
  python: { pattern: '$R.$M($$$)' },
  javascript: { pattern: '$R.$M($$$)' },
  typescript: { pattern: '$R.$M($$$)' },
  tsx: { pattern: '$R.$M($$$)' },
  java: { pattern: '$R.$M($$$)' },
  ruby: { pattern: '$R.$M($$$)' },
  go: { pattern: { context: 'func _() { $R.$M($$$) }', selector: 'call_expression' } },
};

/** Node kinds of string literals per grammar, where Lua scripts sent with EVAL live. */
const STRING_KINDS: Record<string, string[]> = {
  python: ['string'],
  javascript: ['string', 'template_string'],
  typescript: ['string', 'template_string'],
  tsx: ['string', 'template_string'],
  go: ['interpreted_string_literal', 'raw_string_literal'],
  java: ['string_literal'],
  ruby: ['string', 'heredoc_body'],
};
const LUA_CALL = /redis\.p?call\s*\(\s*(['"])([A-Za-z][A-Za-z0-9_|.-]*)\1(?:\s*,\s*(['"])([A-Za-z][A-Za-z0-9_-]*)\3)?/g;

/** `rPopLPush`, `rpoplpush`, `RPopLPush`, `cluster_slots` → `rpoplpush`, `clusterslots`. */
export function normalizeMethod(name: string): string {
  return name.replace(/[_\s-]/g, '').toLowerCase();
}

function position(node: SgNode): { line: number; column: number } {
  const s = node.range().start;
  return { line: s.line + 1, column: s.column + 1 };
}

function literalName(node: SgNode): string | undefined {
  const t = node.text().trim();
  const quoted = /^(?:b|u|r)?(['"`])([^'"`]*)\1$/i.exec(t);
  if (quoted) return quoted[2];
  if (/^:[A-Za-z_][A-Za-z0-9_]*$/.test(t)) return t.slice(1);
  // Java and Go constants: Protocol.Command.GEORADIUS, CommandType.GETSET
  const constant = /(?:^|\.)([A-Z][A-Z0-9_]*)$/.exec(t);
  return constant?.[1];
}

/**
 * Every Redis command the file sends that `known` recognises: client methods named after a
 * command (`r.georadius(`, `client.rPopLPush(`, `rdb.SlaveOf(`), raw calls matched by `calls`
 * (`execute_command('SLAVEOF', …)`), and Lua `redis.call('GETSET', …)` in .lua files and inside
 * string literals. `known` maps a normalised method name to the table key; `containers` are
 * commands with subcommands (`cluster`, `sentinel`), whose second word is read when present.
 */
export function commandsInCode(file: SourceFile, calls: CallShape[], known: Map<string, string>, containers: Set<string>, ignoredMethods: Set<string>): CommandUse[] {
  const out: CommandUse[] = [];
  const root = file.root();
  const method = METHOD_CALLS[file.language];
  if (method) {
    for (const m of root.findAll({ rule: method })) {
      const name = m.getMatch('M')?.text();
      if (!name || ignoredMethods.has(name.toLowerCase())) continue;
      const command = known.get(normalizeMethod(name));
      if (command) out.push({ command, ...position(m), how: 'method', text: m.text() });
    }
  }
  // Java method references (`Jedis::getSet`) send the command as surely as a call does.
  if (file.language === 'java') {
    for (const m of root.findAll({ rule: { kind: 'method_reference' } })) {
      const name = m.children().filter((c) => c.kind() === 'identifier').at(-1)?.text();
      const command = name && !ignoredMethods.has(name.toLowerCase()) ? known.get(normalizeMethod(name)) : undefined;
      if (command) out.push({ command, ...position(m), how: 'method', text: m.text() });
    }
  }
  // Lua scripts often alias the call: `local rcall = redis.call` then `rcall("RPOPLPUSH", …)`.
  const luaAliases = file.language === 'lua'
    ? root.findAll({ rule: { kind: 'variable_declaration', regex: '=\\s*redis\\.p?call\\s*$' } })
      .map((d) => /^\s*local\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(d.text())?.[1]).filter((a): a is string => !!a)
    : [];
  const shapes = [...calls, ...luaAliases.map((a) => ({ language: 'lua' as const, rule: { pattern: `${a}($CMD, $$$)` } }))];
  for (const shape of shapes) {
    if (!languageCovers(shape.language, file.language)) continue;
    for (const m of root.findAll({ rule: shape.rule })) {
      const cmdNode = m.getMatch('CMD');
      const first = cmdNode && literalName(cmdNode);
      if (!first) continue;
      let name = first.toLowerCase().trim();
      const words = name.split(/\s+/);
      if (words.length > 1) name = `${words[0]} ${words[1]}`;
      else if (containers.has(name)) {
        const sub = cmdNode.next();
        const next = sub && sub.kind() === ',' ? sub.next() : sub;
        const subName = next && literalName(next);
        if (subName && known.has(normalizeMethod(`${name}${subName}`))) name = `${name} ${subName.toLowerCase()}`;
      }
      if (known.has(normalizeMethod(name))) out.push({ command: known.get(normalizeMethod(name)) as string, ...position(m), how: file.language === 'lua' ? 'lua' : 'raw', text: m.text() });
    }
  }
  const kinds = STRING_KINDS[file.language] ?? [];
  const lua = kinds.length ? root.findAll({ rule: { any: kinds.map((kind) => ({ kind })), regex: 'redis\\.p?call' } }) : [];
  for (const s of lua) {
    const text = s.text();
    const start = s.range().start;
    for (const m of text.matchAll(LUA_CALL)) {
      let name = (m[2] as string).toLowerCase();
      if (m[4] && containers.has(name)) name = `${name} ${m[4].toLowerCase()}`;
      const command = known.get(normalizeMethod(name));
      if (!command) continue;
      const before = text.slice(0, m.index);
      const nl = before.split('\n').length - 1;
      const column = nl ? before.length - before.lastIndexOf('\n') : start.column + before.length + 1;
      out.push({ command, line: start.line + 1 + nl, column, how: 'lua', text: m[0] });
    }
  }
  // A string node can nest inside another (template strings); keep one use per place.
  const seen = new Set<string>();
  return out.filter((u) => { const k = `${u.line}:${u.column}:${u.command}`; if (seen.has(k)) return false; seen.add(k); return true; });
}
