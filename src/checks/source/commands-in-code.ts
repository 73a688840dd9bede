import type { NapiConfig, SgNode } from '@ast-grep/napi';
import type { Match, SourceFile } from '../../inputs/source/file.js';
import { languageCovers, type SourceLanguage } from '../../inputs/source/languages.js';

/** A Redis command that code sends, where, and how it was recognised. */
export interface CommandUse {
  /** Lowercase table key: `georadius`, `cluster slots`. */
  command: string;
  line: number;
  column: number;
  how: 'method' | 'raw' | 'lua';
  text: string;
  /** The node that sends it (a call, a method reference, the string holding a Lua script): its ancestors hold the guards. */
  node: SgNode;
}

/** A raw-command call shape: an ast-grep rule object whose `$CMD` metavariable holds the command name. */
export interface CallShape { language: SourceLanguage; rule: Record<string, unknown> }

// The queries are built once: files answer queries run ahead of time by object (SourceFile.adopt).
const query = (rule: Record<string, unknown>) => ({ rule }) as NapiConfig;
const dotCall = query({ pattern: '$R.$M($$$)' });

/** Method-call shapes per language: `$M` is the method name. */
const METHOD_CALLS: Partial<Record<SourceLanguage, NapiConfig>> = {
  python: dotCall,
  javascript: dotCall,
  typescript: dotCall,
  tsx: dotCall,
  java: dotCall,
  ruby: dotCall,
  go: query({ pattern: { context: 'func _() { $R.$M($$$) }', selector: 'call_expression' } }),
};

const METHOD_REFERENCES = query({ kind: 'method_reference' });

/** Per grammar: the receiver that names the object itself, the class node kinds, and the kind of a method definition. */
const OWN_CLASS: Partial<Record<SourceLanguage, { receiver: string; classes: readonly string[]; method: string }>> = {
  python: { receiver: 'self', classes: ['class_definition'], method: 'function_definition' },
  javascript: { receiver: 'this', classes: ['class_declaration', 'class'], method: 'method_definition' },
  typescript: { receiver: 'this', classes: ['class_declaration', 'class', 'abstract_class_declaration'], method: 'method_definition' },
  tsx: { receiver: 'this', classes: ['class_declaration', 'class', 'abstract_class_declaration'], method: 'method_definition' },
};

/**
 * `self.zrangebyscore(…)` / `this.getset(…)` inside a class that defines that method: the call goes
 * to the application's own wrapper, which sends the command itself (and is checked there), not to
 * a client.
 */
function callsOwnMethod(m: Match, name: string, language: SourceLanguage): boolean {
  const own = OWN_CLASS[language];
  if (!own || m.get('R')?.text() !== own.receiver) return false;
  const cls = m.node.ancestors().find((a) => own.classes.includes(a.kind() as string));
  // The class's own methods only: direct members of its body (a Python method may be decorated),
  // not those of a nested class, a local function or an object literal.
  const members = cls?.field('body')?.children().flatMap((c) => (c.kind() === 'decorated_definition' ? c.children() : [c])) ?? [];
  return members.some((c) => c.kind() === own.method && c.field('name')?.text() === name);
}
const LUA_ALIASES = query({ kind: 'variable_declaration', regex: '=\\s*redis\\.p?call\\s*$' });

/** Node kinds of string literals per grammar, where Lua scripts sent with EVAL live. */
const STRING_KINDS: Partial<Record<SourceLanguage, string[]>> = {
  python: ['string'],
  javascript: ['string', 'template_string'],
  typescript: ['string', 'template_string'],
  tsx: ['string', 'template_string'],
  go: ['interpreted_string_literal', 'raw_string_literal'],
  java: ['string_literal'],
  ruby: ['string', 'heredoc_body'],
};
// A string that is a statement by itself (a Python docstring) documents a script; it is not one that is sent.
const BARE_STRING_STATEMENTS: ReadonlySet<string> = new Set(['python', 'javascript', 'typescript', 'tsx']);
const LUA_STRINGS = Object.fromEntries(Object.entries(STRING_KINDS)
  .map(([language, kinds]) => [language, query({
    any: kinds.map((kind) => ({ kind })), regex: 'redis\\.p?call',
    ...(BARE_STRING_STATEMENTS.has(language) ? { not: { inside: { kind: 'expression_statement' } } } : {}),
  })])) as Partial<Record<SourceLanguage, NapiConfig>>;

// By content too: two rules' `calls` may be copies of one list (packs read from the JSON cache).
const shapeQueries = new WeakMap<Record<string, unknown>, NapiConfig>();
const shapesByText = new Map<string, NapiConfig>();
function shapeQuery(rule: Record<string, unknown>): NapiConfig {
  let q = shapeQueries.get(rule);
  if (!q) {
    const text = JSON.stringify(rule);
    q = shapesByText.get(text) ?? shapesByText.set(text, query(rule)).get(text) as NapiConfig;
    shapeQueries.set(rule, q);
  }
  return q;
}

const narrowed = new Map<string, NapiConfig>();

/**
 * The method-call query of a language (`$R.$M($$$)`, see commandsInCode) limited to calls whose
 * text contains one of `names` (table keys) as commandsInCode compares them: case aside, and with
 * `_` anywhere between the letters (normalizeMethod also drops spaces and `-`, which no method
 * identifier of these grammars contains). When every key of the `known` map given to
 * commandsInCode is among `names`, the calls it leaves out give no command use, so its matches
 * can stand in for those of the whole query (most calls in code are not Redis commands of interest).
 * Names with a dot (module commands) cannot be method names and are ignored.
 * Returns [the query commandsInCode asks, the narrowed one], or undefined for a language without method calls.
 */
export function narrowedMethodQuery(language: SourceLanguage, names: Iterable<string>): [NapiConfig, NapiConfig] | undefined {
  const method = METHOD_CALLS[language];
  if (!method) return undefined;
  const words = [...new Set([...names].map(normalizeMethod).filter((n) => /^[a-z0-9]+$/.test(n)))].sort();
  const key = `${language} ${words.join(' ')}`;
  let q = narrowed.get(key);
  if (!q) {
    // No word: no call can be a command of interest (the regex matches nothing).
    const regex = words.length ? `(?i)(?:${words.map((w) => [...w].join('_*')).join('|')})` : '[^\\s\\S]';
    q = query({ all: [method.rule, { regex }] });
    narrowed.set(key, q);
  }
  return [method, q];
}

/**
 * The ast-grep queries commandsInCode runs on a file of a language (the same objects), so that
 * they can be run ahead of time; the Lua aliases a file declares add queries of their own.
 */
export function commandQueries(language: SourceLanguage, calls: CallShape[]): NapiConfig[] {
  const out: NapiConfig[] = [];
  const method = METHOD_CALLS[language];
  if (method) out.push(method);
  if (language === 'java') out.push(METHOD_REFERENCES);
  if (language === 'lua') out.push(LUA_ALIASES);
  for (const shape of calls) if (languageCovers(shape.language, language)) out.push(shapeQuery(shape.rule));
  const strings = LUA_STRINGS[language];
  if (strings) out.push(strings);
  return out;
}
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
 * Method calls named in `ignoredMethods`, on a receiver `ignoredReceivers` matches (`verify(mock)`),
 * or on `self`/`this` of a class that defines the method (the application's own wrapper) are not sends.
 */
export function commandsInCode(file: SourceFile, calls: CallShape[], known: Map<string, string>, containers: Set<string>, ignoredMethods: Set<string>, ignoredReceivers: readonly RegExp[] = []): CommandUse[] {
  const out: CommandUse[] = [];
  const method = METHOD_CALLS[file.language];
  if (method) {
    for (const m of file.findAll(method)) {
      const name = m.get('M')?.text();
      if (!name || ignoredMethods.has(name.toLowerCase())) continue;
      const command = known.get(normalizeMethod(name));
      if (command && callsOwnMethod(m, name, file.language)) continue;
      const receiver = command && ignoredReceivers.length ? m.get('R')?.text() : undefined;
      if (receiver && ignoredReceivers.some((r) => r.test(receiver))) continue;
      // At the method's name: in a chain over several lines (`redis\n  .multi()\n  .getset(…)`) the call starts at the chain's head.
      if (command) out.push({ command, ...position(m.get('M') ?? m.node), how: 'method', text: m.node.text(), node: m.node });
    }
  }
  // Java method references (`Jedis::getSet`) send the command as surely as a call does.
  if (file.language === 'java') {
    for (const { node } of file.findAll(METHOD_REFERENCES)) {
      const name = node.children().filter((c) => c.kind() === 'identifier').at(-1)?.text();
      const command = name && !ignoredMethods.has(name.toLowerCase()) ? known.get(normalizeMethod(name)) : undefined;
      if (command) out.push({ command, ...position(node), how: 'method', text: node.text(), node });
    }
  }
  // Lua scripts often alias the call: `local rcall = redis.call` then `rcall("RPOPLPUSH", …)`.
  const luaAliases = file.language === 'lua'
    ? file.findAll(LUA_ALIASES)
      .map((d) => /^\s*local\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(d.node.text())?.[1]).filter((a): a is string => !!a)
    : [];
  const shapes = [...calls.map((c) => ({ language: c.language, query: shapeQuery(c.rule) })),
    ...luaAliases.map((a) => ({ language: 'lua' as const, query: query({ pattern: `${a}($CMD, $$$)` }) }))];
  for (const shape of shapes) {
    if (!languageCovers(shape.language, file.language)) continue;
    for (const m of file.findAll(shape.query)) {
      const cmdNode = m.get('CMD');
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
      if (known.has(normalizeMethod(name))) out.push({ command: known.get(normalizeMethod(name)) as string, ...position(m.node), how: file.language === 'lua' ? 'lua' : 'raw', text: m.node.text(), node: m.node });
    }
  }
  const strings = LUA_STRINGS[file.language];
  for (const { node: s } of strings ? file.findAll(strings) : []) {
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
      out.push({ command, line: start.line + 1 + nl, column, how: 'lua', text: m[0], node: s });
    }
  }
  // A string node can nest inside another (template strings); keep one use per place.
  const seen = new Set<string>();
  return out.filter((u) => { const k = `${u.line}:${u.column}:${u.command}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/**
 * An annotation (Java) or decorator (Python) that lets the code under it run only on some servers,
 * named by the `guards` of a command rule (rules/source/commands.yaml). `runsIf` says when the
 * code runs, from the annotation's first string argument: `command` (the server has that command:
 * spring-data-redis `@EnabledOnCommand("HGETDEL")`), `version-at-least` (INFO's redis_version is
 * at least that: `@EnabledOnRedisVersion("8.2")`, redis-py's `@skip_if_server_version_lt("6.2.0")`)
 * or `version-below` (`@skip_if_server_version_gte("7.0.0")`).
 */
export interface GuardSpec { language: SourceLanguage; name: string; runsIf: 'command' | 'version-at-least' | 'version-below' }

/** A guard found around a send: its spec and the argument it names (`HGETDEL`, `8.2`). */
export interface Guard { spec: GuardSpec; argument: string }

/** The last identifier of a possibly qualified name: `org.x.EnabledOnCommand`, `pytest.mark.skipif` → the last part. */
function lastName(node: SgNode | null): string | undefined {
  return node?.text().split('.').at(-1)?.trim();
}

/** The first string argument of a Java annotation (`("X")` or `(value = "X")`) or a Python decorator call. */
function firstStringArgument(args: SgNode | null | undefined): string | undefined {
  for (const a of args?.children() ?? []) {
    const k = a.kind();
    const value = k === 'element_value_pair' || k === 'keyword_argument' ? a.field('value') : a;
    if (value && (value.kind() === 'string_literal' || value.kind() === 'string')) return literalName(value);
  }
  return undefined;
}

/** The annotations / decorators on a declaration node: [name, argument list]. */
function markers(node: SgNode, language: SourceLanguage): [string | undefined, SgNode | null | undefined][] {
  if (language === 'java') {
    const modifiers = node.children().find((c) => c.kind() === 'modifiers');
    return (modifiers?.children() ?? []).filter((a) => a.kind() === 'annotation' || a.kind() === 'marker_annotation')
      .map((a) => [lastName(a.field('name')), a.field('arguments')]);
  }
  if (language === 'python' && node.kind() === 'decorated_definition') {
    return node.children().filter((d) => d.kind() === 'decorator').map((d) => {
      const e = d.children().find((c) => c.kind() !== '@');
      return e?.kind() === 'call' ? [lastName(e.field('function')), e.field('arguments')] : [lastName(e ?? null), undefined];
    });
  }
  return [];
}

/**
 * The guards of `specs` on the declarations around a node (its method or function, the class
 * around it, and so on outwards), innermost first. Guards without a string argument are left out.
 */
export function guardsAround(node: SgNode, language: SourceLanguage, specs: readonly GuardSpec[]): Guard[] {
  const mine = specs.filter((g) => languageCovers(g.language, language));
  if (!mine.length) return [];
  const out: Guard[] = [];
  for (let a = node.parent(); a; a = a.parent()) {
    for (const [name, args] of markers(a, language)) {
      const spec = name && mine.find((g) => g.name === name);
      const argument = spec ? firstStringArgument(args) : undefined;
      if (spec && argument) out.push({ spec, argument });
    }
  }
  return out;
}
