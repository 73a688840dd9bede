#!/usr/bin/env node
/**
 * extract-config-table — maintainer script.
 *
 * Builds a `rules/tables/directives/<flavor>-<line>.json` table from a Redis or
 * Valkey source tree: the config directives that `src/config.c` accepts in a
 * config file (standard configs, aliases, deprecated-but-ignored names and the
 * old `strcasecmp(argv[0], ...)` chain) and the `sentinel <subcommand>` lines
 * that `src/sentinel.c` accepts. For the chain it also reads what each branch
 * refuses (`parser`, `error`): the atoi/strtol/strtoll/memtoll/yesnotoi/enum
 * read of a value, the `if (...) err = "..."` after it, and the C type of the
 * `struct redisServer` field the value is stored in (src/server.h or redis.h),
 * with the release's memtoll (src/util.c).
 *
 * Fields written into the tables by hand (notes, `defaultMeans`, the `values`
 * and bounds of special-values.ts entries) are not produced: a regenerated
 * table is compared with the committed one and those fields kept.
 *
 * Usage:
 *   node dist/scripts/extract-config-table.js \
 *     (--git-dir DIR --tag TAG | --src DIR) \
 *     --flavor redis|valkey --line 7.4 [--version 7.4.1] \
 *     [--tsv config-directives.tsv [--tsv-version 7.4.1]] \
 *     [--checked YYYY-MM-DD] [--repo owner/name] \
 *     --out rules/tables/directives/redis-7.4.json
 *
 * --tsv: a table of CONFIG GET defaults (columns flavor, version, directive,
 *   alias_of, default, source). When given, the running server's default is
 *   preferred over the compiled-in one, and the name sets are cross-checked;
 *   every disagreement is printed on stderr.
 *
 * Only Node built-ins are used. The script reads C source as text and never
 * runs or compiles it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/* ------------------------------------------------------------------------ */
/* Types                                                                      */
/* ------------------------------------------------------------------------ */

type Num = number | string;

interface DirectiveEntry {
  aliasOf?: string;
  ignored?: boolean;
  type?: 'bool' | 'int' | 'string' | 'enum' | 'special' | 'legacy';
  unit?: 'memory' | 'octal';
  percent?: boolean;
  min?: Num;
  max?: Num;
  values?: string[];
  multi?: boolean;
  argc?: number;
  argcMin?: number;
  argcMax?: number;
  repeatable?: boolean;
  default?: string;
  defaultVaries?: boolean;
  immutable?: boolean;
  hidden?: boolean;
  tls?: boolean;
  parser?: ParserFact;
  error?: string;
  note?: string;
}

interface SentinelEntry {
  argc?: number;
  argcMin?: number;
  argcMax?: number;
  aliasOf?: string;
}

interface Table {
  kind: 'directives';
  flavor: string;
  line: string;
  version: string;
  checked: string;
  sources: string[];
  unverified: string[];
  directives: Record<string, DirectiveEntry>;
  sentinel: Record<string, SentinelEntry>;
}

interface Args {
  gitDir?: string;
  tag?: string;
  src?: string;
  flavor: 'redis' | 'valkey';
  line: string;
  version: string;
  out: string;
  tsv?: string;
  tsvVersion?: string;
  checked: string;
  repo: string;
}

/* ------------------------------------------------------------------------ */
/* CLI                                                                        */
/* ------------------------------------------------------------------------ */

function usage(msg?: string): never {
  if (msg) process.stderr.write(`error: ${msg}\n`);
  process.stderr.write(
    'usage: extract-config-table (--git-dir DIR --tag TAG | --src DIR) --flavor redis|valkey ' +
      '--line X.Y [--version X.Y.Z] [--tsv FILE [--tsv-version V]] [--checked YYYY-MM-DD] ' +
      '[--repo owner/name] --out FILE\n',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) usage(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      m.set(a.slice(2, eq), a.slice(eq + 1));
    } else {
      const v = argv[i + 1];
      if (v === undefined) usage(`${a} needs a value`);
      m.set(a.slice(2), v);
      i++;
    }
  }
  const flavor = m.get('flavor');
  if (flavor !== 'redis' && flavor !== 'valkey') usage('--flavor must be redis or valkey');
  const line = m.get('line');
  if (!line) usage('--line is required');
  const out = m.get('out');
  if (!out) usage('--out is required');
  const gitDir = m.get('git-dir');
  const tag = m.get('tag');
  const src = m.get('src');
  if (!src && !(gitDir && tag)) usage('give --src DIR or --git-dir DIR --tag TAG');
  const version = m.get('version') ?? tag ?? line;
  return {
    gitDir,
    tag,
    src,
    flavor,
    line,
    version,
    out,
    tsv: m.get('tsv'),
    tsvVersion: m.get('tsv-version') ?? version,
    checked: m.get('checked') ?? new Date().toISOString().slice(0, 10),
    repo: m.get('repo') ?? (flavor === 'redis' ? 'redis/redis' : 'valkey-io/valkey'),
  };
}

/* ------------------------------------------------------------------------ */
/* Source access                                                              */
/* ------------------------------------------------------------------------ */

function makeReader(args: Args): (path: string) => string | null {
  if (args.src) {
    const root = args.src;
    return (path) => {
      const p = join(root, path);
      return existsSync(p) ? readFileSync(p, 'utf8') : null;
    };
  }
  const gitDir = args.gitDir as string;
  const tag = args.tag as string;
  return (path) => {
    try {
      return execFileSync('git', ['--git-dir', gitDir, 'show', `${tag}:${path}`], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return null;
    }
  };
}

/* ------------------------------------------------------------------------ */
/* C text helpers                                                             */
/* ------------------------------------------------------------------------ */

/** Replace comments by spaces (newlines kept) so offsets and line numbers stay valid. */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '/' && d === '/') {
      let end = src.indexOf('\n', i);
      if (end < 0) end = n;
      out += ' '.repeat(end - i);
      i = end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') {
        if (src[j] === '\\') j++;
        j++;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index of the quote closing the C string or char literal that opens at `open` (backslash escapes skipped). */
function closingQuote(s: string, open: number): number {
  let j = open + 1;
  while (j < s.length && s[j] !== s[open]) {
    if (s[j] === '\\') j++;
    j++;
  }
  return j;
}

/** Index just after the bracket matching the one at `open` (which must be ( [ or {). */
function matchBracket(s: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"' || c === "'") {
      i = closingQuote(s, i);
      continue;
    }
    const close = pairs[c];
    if (close) stack.push(close);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

/** Split a C argument list at top-level commas. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '"' || c === "'") {
      const j = closingQuote(s, i);
      cur += s.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function unescapeC(s: string): string {
  return s.replace(/\\(n|t|r|\\|"|'|0)/g, (_m, ch: string) =>
    ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch === '0' ? '\0' : ch,
  );
}

/** If `expr` is one or more adjacent C string literals, return their content. */
function stringLiteral(expr: string): string | null {
  const t = expr.trim();
  if (!/^("(?:[^"\\]|\\.)*"\s*)+$/.test(t)) return null;
  let out = '';
  for (const m of t.matchAll(/"((?:[^"\\]|\\.)*)"/g)) out += unescapeC(m[1] ?? '');
  return out;
}

/** Body of the first function named `name` (text between its braces), or null. */
function functionBody(src: string, name: string): string | null {
  const re = new RegExp(`\\b${name}\\s*\\([^;{)]*\\)\\s*\\{`, 'g');
  const m = re.exec(src);
  if (!m) return null;
  const open = m.index + m[0].length - 1;
  const end = matchBracket(src, open);
  return end < 0 ? null : src.slice(open + 1, end - 1);
}

/** Line-indexed stack of active preprocessor conditions. */
function conditionMap(src: string): string[][] {
  const lines = src.split('\n');
  const stack: string[] = [];
  const res: string[][] = [];
  for (const raw of lines) {
    const l = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = l.match(/^#\s*ifdef\s+(\w+)/))) {
      res.push([...stack]);
      stack.push(m[1] as string);
      continue;
    }
    if ((m = l.match(/^#\s*ifndef\s+(\w+)/))) {
      res.push([...stack]);
      stack.push(`!${m[1] as string}`);
      continue;
    }
    if ((m = l.match(/^#\s*if\s+(.*)$/))) {
      res.push([...stack]);
      stack.push((m[1] as string).trim());
      continue;
    }
    if ((m = l.match(/^#\s*elif\s+(.*)$/))) {
      stack.pop();
      stack.push((m[1] as string).trim());
      res.push([...stack]);
      continue;
    }
    if (/^#\s*else\b/.test(l)) {
      const top = stack.pop() ?? '';
      stack.push(top.startsWith('!') ? top.slice(1) : `!${top}`);
      res.push([...stack]);
      continue;
    }
    if (/^#\s*endif\b/.test(l)) {
      stack.pop();
      res.push([...stack]);
      continue;
    }
    res.push([...stack]);
  }
  return res;
}

function lineOf(src: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < src.length; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

/* ------------------------------------------------------------------------ */
/* Constant expressions                                                       */
/* ------------------------------------------------------------------------ */

const BUILTIN_CONSTANTS: Record<string, bigint> = {
  // LP64 (Linux x86_64 / aarch64), which is what the servers are built for.
  CHAR_MAX: 127n,
  SHRT_MAX: 32767n,
  INT_MAX: 2147483647n,
  INT_MIN: -2147483648n,
  UINT_MAX: 4294967295n,
  LONG_MAX: 9223372036854775807n,
  LONG_MIN: -9223372036854775808n,
  ULONG_MAX: 18446744073709551615n,
  LLONG_MAX: 9223372036854775807n,
  LLONG_MIN: -9223372036854775808n,
  ULLONG_MAX: 18446744073709551615n,
  SIZE_MAX: 18446744073709551615n,
  SSIZE_MAX: 9223372036854775807n,
  INT32_MAX: 2147483647n,
  INT64_MAX: 9223372036854775807n,
  UINT32_MAX: 4294967295n,
  UINT64_MAX: 18446744073709551615n,
  // syslog facilities (glibc <syslog.h>), used as enum defaults.
  LOG_USER: 8n,
  LOG_LOCAL0: 128n,
  LOG_LOCAL1: 136n,
  LOG_LOCAL2: 144n,
  LOG_LOCAL3: 152n,
  LOG_LOCAL4: 160n,
  LOG_LOCAL5: 168n,
  LOG_LOCAL6: 176n,
  LOG_LOCAL7: 184n,
};

class ConstEnv {
  private readonly defines = new Map<string, string>();
  private readonly cache = new Map<string, bigint | null>();
  private readonly busy = new Set<string>();

  addHeader(text: string | null): void {
    if (!text) return;
    const clean = stripComments(text).replace(/\\\n/g, ' ');
    for (const m of clean.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)(?!\()[ \t]+([^\n]*)$/gm)) {
      const name = m[1] as string;
      if (!this.defines.has(name)) this.defines.set(name, (m[2] as string).trim());
    }
    // enum { A = 1, B, ... } constants
    for (const m of clean.matchAll(/\benum\s*\w*\s*\{([^}]*)\}/g)) {
      let next = 0n;
      for (const part of splitArgs(m[1] as string)) {
        const mm = part.match(/^(\w+)\s*(?:=\s*(.+))?$/s);
        if (!mm) continue;
        const nm = mm[1] as string;
        if (mm[2] !== undefined) {
          const v = this.eval(mm[2]);
          if (v === null) {
            next = 0n;
            continue;
          }
          next = v;
        }
        if (!this.defines.has(nm)) this.defines.set(nm, next.toString());
        next += 1n;
      }
    }
  }

  define(name: string): string | undefined {
    return this.defines.get(name);
  }

  ident(name: string): bigint | null {
    if (name in BUILTIN_CONSTANTS) return BUILTIN_CONSTANTS[name] as bigint;
    if (this.cache.has(name)) return this.cache.get(name) ?? null;
    const def = this.defines.get(name);
    if (def === undefined || this.busy.has(name)) return null;
    this.busy.add(name);
    const v = this.eval(def);
    this.busy.delete(name);
    this.cache.set(name, v);
    return v;
  }

  /** Evaluate an integer C constant expression; null if it cannot. */
  eval(expr: string): bigint | null {
    const maybe = tokenize(expr);
    if (!maybe) return null;
    const toks: string[] = maybe;
    let pos = 0;
    const peek = (): string | undefined => toks[pos];
    const take = (): string | undefined => toks[pos++];
    const self = this;
    const TYPE_WORDS = new Set([
      'long', 'int', 'unsigned', 'signed', 'short', 'char', 'size_t', 'ssize_t', 'off_t', 'time_t',
      'uint64_t', 'int64_t', 'uint32_t', 'int32_t', 'mode_t', 'double', 'float',
    ]);
    function primary(): bigint | null {
      const t = take();
      if (t === undefined) return null;
      if (t === '(') {
        // cast?
        let k = pos;
        let isCast = true;
        while (k < toks.length && toks[k] !== ')') {
          if (!TYPE_WORDS.has(toks[k] as string)) isCast = false;
          k++;
        }
        if (isCast && k > pos) {
          pos = k + 1;
          return unary();
        }
        const v = expr0();
        if (take() !== ')') return null;
        return v;
      }
      if (t === '-') {
        const v = unary();
        return v === null ? null : -v;
      }
      if (t === '+') return unary();
      if (t === '~') {
        const v = unary();
        return v === null ? null : ~v;
      }
      const num = parseNumber(t);
      if (num !== null) return num;
      if (/^[A-Za-z_]\w*$/.test(t)) return self.ident(t);
      return null;
    }
    function unary(): bigint | null {
      return primary();
    }
    type BinOp = (a: bigint, b: bigint) => bigint | null;
    /** One precedence level: operands from `next`, joined left to right by `ops`. */
    function level(next: () => bigint | null, ops: Record<string, BinOp>): () => bigint | null {
      return () => {
        let v = next();
        for (let op = peek(); v !== null && op !== undefined && op in ops; op = peek()) {
          take();
          const r = next();
          if (r === null) return null;
          v = (ops[op] as BinOp)(v, r);
        }
        return v;
      };
    }
    const mul = level(unary, { '*': (a, b) => a * b, '/': (a, b) => (b === 0n ? null : a / b), '%': (a, b) => (b === 0n ? null : a % b) });
    const add = level(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
    const shift = level(add, { '<<': (a, b) => a << b, '>>': (a, b) => a >> b });
    const band = level(shift, { '&': (a, b) => a & b });
    const bor = level(band, { '|': (a, b) => a | b });
    function expr0(): bigint | null {
      return bor();
    }
    const v = expr0();
    if (pos !== toks.length) return null;
    return v;
  }
}

function tokenize(expr: string): string[] | null {
  const toks: string[] = [];
  const re = /\s*(0[xX][0-9a-fA-F]+[uUlL]*|\d+\.\d*(?:[eE][-+]?\d+)?|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[-+*/%()~&|])/y;
  let i = 0;
  const s = expr.trim();
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    toks.push(m[1] as string);
    i = re.lastIndex;
    while (i < s.length && /\s/.test(s[i] as string)) i++;
  }
  return toks;
}

function parseNumber(t: string): bigint | null {
  const s = t.replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return BigInt(s);
  if (/^0[0-7]+$/.test(s)) return BigInt(`0o${s.slice(1)}`);
  if (/^\d+$/.test(s)) return BigInt(s);
  return null;
}

function jsonNum(v: bigint): Num {
  const abs = v < 0n ? -v : v;
  return abs <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/* ------------------------------------------------------------------------ */
/* Parsers                                                                    */
/* ------------------------------------------------------------------------ */

interface EnumTable {
  names: string[];
  entries: { name: string; expr: string }[];
}

function parseEnums(src: string): Map<string, EnumTable> {
  const res = new Map<string, EnumTable>();
  for (const m of src.matchAll(/\bconfigEnum\s+(\w+)\s*\[\s*\]\s*=\s*\{/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const end = matchBracket(src, open);
    if (end < 0) continue;
    const body = src.slice(open + 1, end - 1);
    const entries: { name: string; expr: string }[] = [];
    for (const e of body.matchAll(/\{\s*"((?:[^"\\]|\\.)*)"\s*,\s*([^{}]*?)\s*\}/g)) {
      entries.push({ name: e[1] as string, expr: (e[2] as string).replace(/\s+/g, ' ') });
    }
    const names: string[] = [];
    for (const e of entries) if (!names.includes(e.name)) names.push(e.name);
    res.set(m[1] as string, { names, entries });
  }
  return res;
}

const DEFAULT_PARAMS: Record<string, string[]> = {
  Bool: ['name', 'alias', 'flags', 'config_addr', 'default', 'is_valid', 'apply'],
  String: ['name', 'alias', 'flags', 'empty_to_null', 'config_addr', 'default', 'is_valid', 'apply'],
  SDS: ['name', 'alias', 'flags', 'empty_to_null', 'config_addr', 'default', 'is_valid', 'apply'],
  Enum: ['name', 'alias', 'flags', 'enum', 'config_addr', 'default', 'is_valid', 'apply'],
  Special: ['name', 'alias', 'flags', 'setfn', 'getfn', 'rewritefn', 'applyfn'],
  Numeric: ['name', 'alias', 'flags', 'lower', 'upper', 'config_addr', 'default', 'num_conf_flags', 'is_valid', 'apply'],
};
const NUMERIC_KINDS = new Set(['Int', 'UInt', 'Long', 'ULong', 'LongLong', 'ULongLong', 'SizeT', 'SSizeT', 'TimeT', 'OffT']);

function macroParams(src: string): Map<string, string[]> {
  const res = new Map<string, string[]>();
  for (const m of src.matchAll(/#\s*define\s+create(\w+)Config\s*\(([^)]*)\)/g)) {
    res.set(m[1] as string, (m[2] as string).split(',').map((p) => p.trim()));
  }
  return res;
}

function paramIndex(params: string[], ...names: string[]): number {
  for (const n of names) {
    const i = params.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

interface StdConfig {
  kind: string;
  name: string;
  alias: string | null;
  flags: Set<string>;
  args: string[];
  params: string[];
  conds: string[];
}

function parseStandardConfigs(src: string): StdConfig[] {
  const arr = /\bstandardConfig\s+(?:static_configs|configs)\s*\[\s*\]\s*=\s*\{/.exec(src);
  if (!arr) return [];
  const open = arr.index + arr[0].length - 1;
  const end = matchBracket(src, open);
  const body = src.slice(open + 1, end - 1);
  const bodyStartLine = lineOf(src, open + 1);
  const condLines = conditionMap(body);
  const macros = macroParams(src);
  const res: StdConfig[] = [];
  for (const m of body.matchAll(/\bcreate(\w+)Config\s*\(/g)) {
    const kind = m[1] as string;
    const po = (m.index ?? 0) + m[0].length - 1;
    const pe = matchBracket(body, po);
    if (pe < 0) continue;
    const args = splitArgs(body.slice(po + 1, pe - 1));
    const params =
      macros.get(kind) ??
      DEFAULT_PARAMS[NUMERIC_KINDS.has(kind) ? 'Numeric' : kind] ??
      DEFAULT_PARAMS.Numeric ??
      [];
    const name = stringLiteral(args[0] ?? '');
    if (name === null) continue;
    const aliasArg = args[1] ?? 'NULL';
    const alias = aliasArg === 'NULL' ? null : stringLiteral(aliasArg);
    const flags = new Set((args[2] ?? '').split('|').map((f) => f.trim()).filter(Boolean));
    const line = lineOf(body, m.index ?? 0);
    res.push({ kind, name, alias, flags, args, params, conds: condLines[line] ?? [] });
    void bodyStartLine;
  }
  return res;
}

interface ChainEntry {
  names: string[];
  argc: { eq: number[]; min?: number; max?: number; raw: string[] };
  body: string;
}

function parseStrcasecmpChain(body: string, env: ConstEnv): ChainEntry[] {
  const res: ChainEntry[] = [];
  const conds: { start: number; end: number; text: string }[] = [];
  for (const m of body.matchAll(/\bif\s*\(/g)) {
    const po = (m.index ?? 0) + m[0].length - 1;
    const pe = matchBracket(body, po);
    if (pe < 0) continue;
    const text = body.slice(po + 1, pe - 1);
    if (!/strcasecmp\s*\(\s*argv\s*\[\s*0\s*\]\s*,\s*"/.test(text)) continue;
    conds.push({ start: m.index ?? 0, end: pe, text });
  }
  conds.forEach((c, i) => {
    const names = [...c.text.matchAll(/strcasecmp\s*\(\s*argv\s*\[\s*0\s*\]\s*,\s*"([^"]*)"\s*\)/g)].map(
      (x) => x[1] as string,
    );
    const next = conds[i + 1];
    const bodyText = body.slice(c.end, next ? next.start : body.length);
    const eq: number[] = [];
    let min: number | undefined;
    let max: number | undefined;
    const raw: string[] = [];
    for (const a of c.text.matchAll(/\bargc\s*(==|>=|<=|>|<)\s*([^&|)]+?)\s*(?=&&|\|\||\)|$)/g)) {
      const op = a[1] as string;
      raw.push(`${op}${(a[2] as string).trim()}`);
      const v = env.eval(a[2] as string);
      if (v === null) continue;
      const n = Number(v);
      if (op === '==') eq.push(n);
      else if (op === '>=') min = n;
      else if (op === '>') min = n + 1;
      else if (op === '<=') max = n;
      else if (op === '<') max = n - 1;
    }
    res.push({ names, argc: { eq, min, max, raw }, body: bodyText });
  });
  return res;
}

function argcFields(a: ChainEntry['argc']): Pick<DirectiveEntry, 'argc' | 'argcMin' | 'argcMax'> {
  const out: Pick<DirectiveEntry, 'argc' | 'argcMin' | 'argcMax'> = {};
  if (a.eq.length === 1 && a.min === undefined && a.max === undefined) out.argc = a.eq[0];
  else if (a.eq.length > 1) {
    out.argcMin = Math.min(...a.eq);
    out.argcMax = Math.max(...a.eq);
  } else {
    if (a.min !== undefined) out.argcMin = a.min;
    if (a.max !== undefined) out.argcMax = a.max;
  }
  return out;
}

/* ------------------------------------------------------------------------ */
/* Values the hand-written chain reads and refuses                            */
/* ------------------------------------------------------------------------ */

type CStore = 'int32' | 'uint32' | 'int64' | 'uint64';
type ReadFn = 'yesnotoi' | 'enum' | 'atoi' | 'strtol' | 'strtoll' | 'memtoll' | 'memtoll-prefix';

interface ReadFact {
  arg: number;
  fn: ReadFn;
  base?: number;
  whole?: boolean;
  range?: boolean;
  store?: CStore;
  min?: Num;
  max?: Num;
}

interface ParserFact {
  reads: ReadFact[];
  argc?: number;
  except?: string[];
}

/** Scalar C types as LP64 Linux lays them out: what a stored value wraps to and how it compares. */
const C_TYPES: Record<string, CStore> = {
  int: 'int32', 'signed int': 'int32', int32_t: 'int32',
  unsigned: 'uint32', 'unsigned int': 'uint32', uint32_t: 'uint32', mode_t: 'uint32',
  long: 'int64', 'long int': 'int64', 'long long': 'int64', 'long long int': 'int64', int64_t: 'int64',
  time_t: 'int64', off_t: 'int64', ssize_t: 'int64',
  'unsigned long': 'uint64', 'unsigned long int': 'uint64', 'unsigned long long': 'uint64', uint64_t: 'uint64', size_t: 'uint64',
};
const C_TYPE_WORDS = Object.keys(C_TYPES).sort((a, b) => b.length - a.length).map((t) => t.replace(/ /g, '\\s+')).join('|');

/** The C type of every scalar field of `struct redisServer` (typedefs of the headers resolved). */
function serverFieldTypes(headers: string[]): Map<string, CStore> {
  const types: Record<string, CStore> = { ...C_TYPES };
  const text = headers.map(stripComments).join('\n');
  for (const m of text.matchAll(/\btypedef\s+([a-z_][\w ]*?)\s+(\w+)\s*;/g)) {
    const t = types[(m[1] as string).replace(/\s+/g, ' ')];
    if (t) types[m[2] as string] = t;
  }
  const fields = new Map<string, CStore>();
  const s = /\bstruct\s+(?:redisServer|valkeyServer)\s*\{/.exec(text);
  if (!s) return fields;
  const open = s.index + s[0].length - 1;
  const body = text.slice(open + 1, matchBracket(text, open) - 1).replace(/^[ \t]*#[^\n]*$/gm, '');
  for (const decl of body.split(';')) {
    // _Atomic (6.0) and volatile change how a store is done, not what the stored value compares as.
    const plain = decl.replace(/\b(?:_Atomic|volatile|redisAtomic)\b/g, ' ').replace(/\s+/g, ' ').trim();
    const m = /^([a-z_][\w ]*?)\s+(\w+(?:\s*,\s*\w+)*)$/.exec(plain);
    const t = m ? types[m[1] as string] : undefined;
    if (t) for (const name of (m?.[2] as string).split(',')) fields.set(name.trim(), t);
  }
  return fields;
}

/**
 * Which memtoll (src/util.c) the release has, from what it does with a unit it does not know:
 * `memtoll` returns 0 (3.0 on), `memtoll-prefix` reads the digits before it (2.8).
 */
function memtollVariant(util: string | null): ReadFn | null {
  const body = util ? functionBody(stripComments(util), 'memtoll') : null;
  const unknown = body ? /"gb"\s*\)\s*\)\s*\{[^}]*\}\s*else\s*\{([^}]*)\}/.exec(body) : null;
  if (!unknown) return null;
  if (/\breturn\s+0\s*;/.test(unknown[1] as string)) return 'memtoll';
  if (/\bmul\s*=\s*1\s*;/.test(unknown[1] as string)) return 'memtoll-prefix';
  return null;
}

/** `NAME[] = { {"a", ...}, ... }` arrays of named entries (configEnum tables and older structs). */
function namedArrays(src: string): Map<string, string[]> {
  const res = new Map<string, string[]>();
  for (const m of src.matchAll(/\b(\w+)\s*\[\s*\]\s*=\s*\{/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const end = matchBracket(src, open);
    if (end < 0) continue;
    const names = [...src.slice(open + 1, end - 1).matchAll(/\{\s*"((?:[^"\\]|\\.)*)"\s*,/g)].map((e) => e[1] as string);
    if (names.length) res.set(m[1] as string, names);
  }
  return res;
}

interface Stmt { kind: 'if' | 'else'; cond: string; start: number; end: number }

/** The `if (...)` and `else` statements of a code fragment, each with the range of what it governs. */
function statements(code: string): Stmt[] {
  const out: Stmt[] = [];
  const governed = (from: number): number => {
    let i = from;
    while (code[i] === ' ') i++;
    if (code[i] === '{') return matchBracket(code, i);
    const semi = code.indexOf(';', i);
    return semi < 0 ? code.length : semi + 1;
  };
  for (const m of code.matchAll(/\bif\s*\(/g)) {
    const po = (m.index ?? 0) + m[0].length - 1;
    const pe = matchBracket(code, po);
    if (pe < 0) continue;
    out.push({ kind: 'if', cond: code.slice(po + 1, pe - 1).trim(), start: m.index ?? 0, end: governed(pe) });
  }
  for (const m of code.matchAll(/\belse\b(?!\s*if\b)/g)) {
    const from = (m.index ?? 0) + m[0].length;
    out.push({ kind: 'else', cond: '', start: m.index ?? 0, end: governed(from) });
  }
  return out;
}

/** Split a C expression at top-level occurrences of `op` (`||`, `&&`). */
function splitTop(expr: string, op: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] as string;
    if (c === '"' || c === "'") {
      const j = closingQuote(expr, i);
      cur += expr.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && expr.startsWith(op, i)) {
      parts.push(cur.trim());
      cur = '';
      i += op.length - 1;
    } else cur += c;
  }
  parts.push(cur.trim());
  return parts;
}

/** Strip the parentheses that enclose a whole expression. */
function unparen(e: string): string {
  let t = e.trim();
  while (t.startsWith('(') && matchBracket(t, 0) === t.length) t = t.slice(1, -1).trim();
  return t;
}

const C_LONG_MIN = -9223372036854775808n;
const C_RANGES: Record<CStore, [bigint, bigint]> = {
  int32: [-2147483648n, 2147483647n],
  uint32: [0n, 4294967295n],
  int64: [C_LONG_MIN, 9223372036854775807n],
  uint64: [0n, 18446744073709551615n],
};

interface ChainValues {
  type?: 'bool' | 'enum';
  values?: string[];
  parser?: ParserFact;
  error?: string;
  /** Why the branch's checks were left out (a check that is not a read of a value). */
  left?: string;
  /** A check compiled in only on some builds (#if), left out. */
  buildDependent?: string;
}

/**
 * What one branch of the loadServerConfigFromString chain reads (atoi, strtol, strtoll, memtoll,
 * yesnotoi, configEnumGetValue, a strcasecmp chain or loop on argv[1]) and the `if (...) err = "..."`
 * that refuses it. A branch with a check of anything else (a class name, a path, a length, a
 * message built at run time) gets no parser: its checks are left to special-values.ts or rules.
 */
function chainValues(
  rawBody: string,
  ctx: { env: ConstEnv; fields: Map<string, CStore>; arrays: Map<string, string[]>; memtoll: ReadFn | null },
): ChainValues | undefined {
  const res: ChainValues = {};
  let body = rawBody;
  // Checks compiled only on some builds (#ifndef HAVE_DEFRAG): a default build decides, not the file.
  body = body.replace(/^[ \t]*(#\s*if[^\n]*)\n([\s\S]*?)^[ \t]*#\s*endif[^\n]*$/gm, (_all, cond: string, inner: string) => {
    const e = /\berr\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*)+);/.exec(inner);
    const text = e ? stringLiteral(e[1] as string) : null;
    if (text) res.buildDependent = `${cond.replace(/\s+/g, ' ')}: "${text}"`;
    return '';
  });
  const code = body.replace(/\s+/g, ' ');
  const argRe = String.raw`argv\s*\[\s*(\d+)\s*\]`;
  interface Read { fact: ReadFact; target: string; at: number; endptr?: string }
  const reads: Read[] = [];
  const numRe = new RegExp(
    String.raw`(?:\b(${C_TYPE_WORDS})\s+)?([\w.]+)\s*=\s*(?:\(\s*(\w+)\s*\)\s*)?\b(atoi|strtoll|strtol|memtoll)\s*\(\s*${argRe}\s*(?:,\s*(NULL|&\s*\w+)\s*)?(?:,\s*(\d+)\s*)?\)`,
    'g',
  );
  for (const m of code.matchAll(numRe)) {
    const [, local, target, cast, fn, arg, endptr, base] = m as unknown as string[];
    const field = target?.startsWith('server.') ? ctx.fields.get(target.slice(7)) : undefined;
    const store = local ? C_TYPES[local.replace(/\s+/g, ' ')] : field;
    if (!store) return { left: `the type of ${target} is not known` };
    if (cast && C_TYPES[cast] !== store) return { left: `${target} is read through a (${cast}) cast` };
    let readFn = fn as ReadFn;
    if (fn === 'memtoll') {
      if (!ctx.memtoll) return { left: 'memtoll (src/util.c) not understood' };
      readFn = ctx.memtoll;
    }
    const fact: ReadFact = { arg: Number(arg), fn: readFn, store };
    if (base && base !== '10') fact.base = Number(base);
    reads.push({ fact, target: target as string, at: m.index ?? 0, endptr: endptr?.startsWith('&') ? endptr.slice(1).trim() : undefined });
  }
  for (const m of code.matchAll(new RegExp(String.raw`([\w.]+)\s*=\s*yesnotoi\s*\(\s*${argRe}\s*\)`, 'g'))) {
    reads.push({ fact: { arg: Number(m[2]), fn: 'yesnotoi' }, target: m[1] as string, at: m.index ?? 0 });
    res.type = 'bool';
  }
  for (const m of code.matchAll(new RegExp(String.raw`([\w.]+)\s*=\s*configEnumGetValue\s*\(\s*(\w+)\s*,\s*${argRe}\s*\)`, 'g'))) {
    reads.push({ fact: { arg: Number(m[3]), fn: 'enum' }, target: m[1] as string, at: m.index ?? 0 });
    res.values = ctx.arrays.get(m[2] as string);
  }
  const loop = new RegExp(String.raw`strcasecmp\s*\(\s*(\w+)\s*\[\s*\w+\s*\]\s*\.\s*name\s*,\s*${argRe}\s*\)`).exec(code);
  if (loop) {
    reads.push({ fact: { arg: Number(loop[2]), fn: 'enum' }, target: `!${loop[1] as string}[i].name`, at: loop.index });
    res.values = ctx.arrays.get(loop[1] as string);
  }

  const stmts = statements(code);
  const errors: { stmt: Stmt; text: string }[] = [];
  for (const m of code.matchAll(/\berr\s*=\s*([^;]*);/g)) {
    const at = m.index ?? 0;
    const text = stringLiteral(m[1] as string);
    if (text === null) return { left: `a message built at run time (${(m[1] as string).trim()})` };
    const inner = stmts.filter((s) => s.start < at && at < s.end).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    if (!inner) return { left: `an unconditional error "${text}"` };
    errors.push({ stmt: inner, text });
  }
  // A strcasecmp chain on the value (2.8 loglevel): the values it names, refused by the final else.
  const elseError = errors.find((e) => e.stmt.kind === 'else');
  if (elseError) {
    const names = [...code.matchAll(new RegExp(String.raw`strcasecmp\s*\(\s*${argRe}\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)`, 'g'))];
    if (reads.length || errors.length !== 1 || names.length === 0 || new Set(names.map((n) => n[1])).size !== 1) {
      return { left: `an else that refuses "${elseError.text}"` };
    }
    return { type: 'enum', values: names.map((n) => n[2] as string), parser: { reads: [{ arg: Number(names[0]?.[1]), fn: 'enum' }] }, error: elseError.text };
  }
  if (reads.length === 0) return errors.length ? { left: `"${errors[0]?.text}" does not check a value read from the line` } : undefined;

  const texts = new Set(errors.map((e) => e.text));
  if (texts.size > 1) return { left: `several refusals (${[...texts].join(' / ')})` };
  const byTarget = new Map(reads.map((r) => [r.target, r]));
  for (const { stmt } of errors) {
    for (const raw of splitTop(stmt.cond, '||')) {
      const term = unparen(raw);
      let m: RegExpExecArray | null;
      if ((m = new RegExp(String.raw`^([\w.]+)\s*=\s*yesnotoi\s*\(\s*${argRe}\s*\)\s*\)?\s*==\s*-\s*1$`).exec(term.replace(/^\(/, ''))) || /^[\w.]+\s*==\s*-\s*1$/.test(term)) {
        const target = m ? (m[1] as string) : (term.split('==')[0] as string).trim();
        if (byTarget.get(target)?.fact.fn !== 'yesnotoi') return { left: `a check of ${target}` };
        continue;
      }
      if ((m = /^([\w.]+)\s*==\s*INT_MIN$/.exec(term))) {
        if (byTarget.get(m[1] as string)?.fact.fn !== 'enum') return { left: `a check of ${m[1]}` };
        continue;
      }
      if ((m = /^!\s*(\w+)\s*\[\s*\w+\s*\]\s*\.\s*name$/.exec(term))) {
        if (!byTarget.has(`!${m[1] as string}[i].name`)) return { left: `a check of ${m[1]}` };
        continue;
      }
      if (term === 'errno') {
        const r = reads.find((x) => x.fact.fn === 'strtol' || x.fact.fn === 'strtoll');
        if (!r || reads.length !== 1) return { left: 'an errno check' };
        r.fact.range = true;
        continue;
      }
      if ((m = /^\*\s*(\w+)\s*!=\s*'\\0'$/.exec(term))) {
        const r = reads.find((x) => x.endptr === m?.[1]);
        if (!r) return { left: `a check of *${m[1]}` };
        r.fact.whole = true;
        continue;
      }
      if ((m = /^([\w.]+)\s*(<=|>=|<|>)\s*(.+)$/.exec(term))) {
        const r = byTarget.get(m[1] as string);
        const store = r?.fact.store;
        let bound = ctx.env.eval(m[3] as string);
        if (!r || !store || bound === null) return { left: `the check ${term}` };
        const [lo, hi] = C_RANGES[store];
        if (lo === 0n && bound < 0n) bound = BigInt.asUintN(store === 'uint32' ? 32 : 64, bound);
        const op = m[2] as string;
        if (op === '<' || op === '<=') {
          const min = op === '<' ? bound : bound + 1n;
          if (r.fact.min !== undefined) return { left: `two lower bounds of ${r.target}` };
          if (min > lo) r.fact.min = jsonNum(min);
        } else {
          const max = op === '>' ? bound : bound - 1n;
          if (r.fact.max !== undefined) return { left: `two upper bounds of ${r.target}` };
          if (max < hi) r.fact.max = jsonNum(max);
        }
        continue;
      }
      return { left: `the check ${term}` };
    }
  }
  const fns = new Set(reads.map((r) => r.fact.fn));
  if (fns.has('yesnotoi') && fns.size > 1) return { left: 'a yes/no read among others' };
  const order: (keyof ReadFact)[] = ['arg', 'fn', 'base', 'whole', 'range', 'store', 'min', 'max'];
  res.parser = { reads: reads.map((r) => Object.fromEntries(order.filter((k) => r.fact[k] !== undefined).map((k) => [k, r.fact[k]])) as unknown as ReadFact) };
  if (errors.length) res.error = [...texts][0];

  // Reads made only for one count of tokens (save: argc == 3), and argument lists taken before any read (replicaof no one).
  for (const s of stmts) {
    if (s.kind !== 'if') continue;
    const argc = /^argc\s*==\s*(\d+)$/.exec(unparen(s.cond));
    if (argc && reads.every((r) => r.at > s.start && r.at < s.end)) res.parser.argc = Number(argc[1]);
    const lits = splitTop(unparen(s.cond), '&&').map((t) => new RegExp(String.raw`^!\s*strcasecmp\s*\(\s*${argRe}\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)$`).exec(unparen(t)));
    if (lits.every((l) => l !== null) && /\bcontinue\s*;/.test(code.slice(s.start, s.end))) {
      const words = lits.sort((a, b) => Number(a?.[1]) - Number(b?.[1])).map((l) => l?.[2] as string);
      res.parser.except = [...(res.parser.except ?? []), words.join(' ')];
    }
  }
  if (res.type === 'enum' || reads.some((r) => r.fact.fn === 'enum')) {
    if (!res.values) return { left: 'an enum table that was not found' };
    res.type = 'enum';
  }
  return res;
}

/* ------------------------------------------------------------------------ */
/* TSV of CONFIG GET defaults                                                 */
/* ------------------------------------------------------------------------ */

interface TsvRow {
  directive: string;
  aliasOf: string;
  def: string;
  source: string;
}

function readTsv(path: string, flavor: string, version: string): TsvRow[] {
  const rows: TsvRow[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const c = line.split('\t');
    if (c[0] !== flavor || c[1] !== version) continue;
    rows.push({ directive: c[2] ?? '', aliasOf: c[3] ?? '', def: c[4] ?? '', source: c[5] ?? '' });
  }
  return rows;
}

/* ------------------------------------------------------------------------ */
/* Main                                                                       */
/* ------------------------------------------------------------------------ */

/** How 7.0 and later word a value outside an enum (src/config.c enumConfigSet), which checkValue composes. */
const ENUM_ERROR_7 = 'argument(s) must be one of the following: ';
/** Directives whose lines accumulate instead of overriding each other. */
const REPEATABLE = new Set(['include', 'rename-command', 'user', 'loadmodule', 'sentinel', 'save', 'client-output-buffer-limit']);
/** Defaults that depend on the environment (the server's working directory). */
const DEFAULT_VARIES = new Set(['dir']);

function build(args: Args): { table: Table; notes: string[] } {
  const read = makeReader(args);
  const notes: string[] = [];
  const configRaw = read('src/config.c');
  if (!configRaw) throw new Error('cannot read src/config.c');
  const config = stripComments(configRaw);
  const sentinelRaw = read('src/sentinel.c');
  const env = new ConstEnv();
  const headers = ['src/server.h', 'src/redis.h', 'src/config.h', 'src/cluster.h', 'src/cluster_legacy.h', 'src/connection.h', 'src/tls.h', 'src/networking.h'];
  const headerSources: string[] = [];
  const headerTexts: string[] = [];
  for (const h of headers) {
    const t = read(h);
    if (t) {
      env.addHeader(t);
      headerSources.push(h);
      headerTexts.push(t);
    }
  }
  env.addHeader(configRaw);

  const where = (p: string): string => `${args.repo}@${args.tag ?? args.version}:${p}`;
  const sources = [where('src/config.c')];
  if (sentinelRaw) sources.push(where('src/sentinel.c'));
  for (const h of headerSources) sources.push(`${where(h)} (#define constants)`);

  const enums = parseEnums(config);
  const enumSet = functionBody(config, 'enumConfigSet');
  const enumError = enumSet ? stringLiteral(/sdsnew\s*\(\s*("(?:[^"\\]|\\.)*")\s*\)/.exec(enumSet)?.[1] ?? '') : null;
  const std = parseStandardConfigs(config);
  const directives: Record<string, DirectiveEntry> = {};
  const srcDefaults = new Map<string, string>();

  for (const c of std) {
    const e: DirectiveEntry = {};
    const p = c.params;
    const get = (...names: string[]): string | undefined => {
      const i = paramIndex(p, ...names);
      return i >= 0 ? c.args[i] : undefined;
    };
    const defArg = get('default');
    if (c.kind === 'Bool') {
      e.type = 'bool';
      const v = defArg !== undefined ? env.eval(defArg) : null;
      if (v !== null) srcDefaults.set(c.name, v !== 0n ? 'yes' : 'no');
    } else if (c.kind === 'String' || c.kind === 'SDS') {
      e.type = 'string';
      if (defArg !== undefined) {
        if (defArg === 'NULL') srcDefaults.set(c.name, '');
        else {
          const lit = stringLiteral(defArg) ?? stringLiteral(env.define(defArg) ?? '');
          if (lit !== null) srcDefaults.set(c.name, lit);
        }
      }
    } else if (c.kind === 'Enum') {
      e.type = 'enum';
      const tblName = get('enum') ?? '';
      const tbl = enums.get(tblName);
      if (tbl) {
        e.values = [...tbl.names];
        // The text checkValue composes is 7.0's; an older release's own wording is kept with the entry.
        if (enumError !== null && enumError !== ENUM_ERROR_7) e.error = `${enumError}${tbl.entries.map((x) => x.name).join(', ')}`;
        if (defArg !== undefined) {
          const norm = defArg.replace(/\s+/g, ' ');
          let hit = tbl.entries.find((x) => x.expr === norm);
          if (!hit) {
            const dv = env.eval(defArg);
            if (dv !== null) hit = tbl.entries.find((x) => env.eval(x.expr) === dv);
          }
          if (hit) srcDefaults.set(c.name, hit.name);
        }
      } else notes.push(`enum table ${tblName} of ${c.name} not found`);
      if (c.flags.has('MULTI_ARG_CONFIG')) e.multi = true;
    } else if (c.kind === 'Special') {
      e.type = 'special';
      if (c.flags.has('MULTI_ARG_CONFIG')) e.multi = true;
      const setfn = get('setfn');
      // Non-MULTI_ARG configs always take exactly one value (argc 2).
      if (setfn && c.flags.has('MULTI_ARG_CONFIG')) {
        const fb = functionBody(config, setfn);
        const am = fb?.match(/if\s*\(\s*argc\s*!=\s*([^)]+)\)/);
        if (am) {
          const v = env.eval(am[1] as string);
          if (v !== null) e.argc = Number(v) + 1;
        }
      }
    } else if (NUMERIC_KINDS.has(c.kind)) {
      e.type = 'int';
      const kind = get('num_conf_flags', 'memory', 'conf_flags') ?? '';
      if (/MEMORY_CONFIG/.test(kind)) e.unit = 'memory';
      if (/OCTAL_CONFIG/.test(kind)) e.unit = 'octal';
      if (/PERCENT_CONFIG/.test(kind)) e.percent = true;
      const lo = get('lower');
      const hi = get('upper');
      const lov = lo !== undefined ? env.eval(lo) : null;
      const hiv = hi !== undefined ? env.eval(hi) : null;
      if (lov !== null) e.min = jsonNum(lov);
      else if (lo !== undefined) notes.push(`${c.name}: unresolved lower bound ${lo}`);
      if (hiv !== null) e.max = jsonNum(hiv);
      else if (hi !== undefined) notes.push(`${c.name}: unresolved upper bound ${hi}`);
      const dv = defArg !== undefined ? env.eval(defArg) : null;
      if (dv !== null) srcDefaults.set(c.name, dv.toString());
      else if (defArg !== undefined) notes.push(`${c.name}: unresolved default ${defArg}`);
    } else {
      e.type = 'special';
      notes.push(`unknown create${c.kind}Config for ${c.name}`);
    }
    if (c.flags.has('IMMUTABLE_CONFIG')) e.immutable = true;
    if (c.flags.has('HIDDEN_CONFIG')) e.hidden = true;
    if (c.conds.some((x) => /\bUSE_OPENSSL\b/.test(x)) || c.name.startsWith('tls-')) e.tls = true;
    const odd = c.conds.filter((x) => !/\bUSE_OPENSSL\b/.test(x));
    if (odd.length) notes.push(`${c.name} is compiled only when #if ${odd.join(' && ')}`);
    if (REPEATABLE.has(c.name)) e.repeatable = true;
    if (DEFAULT_VARIES.has(c.name)) e.defaultVaries = true;
    if (directives[c.name]) notes.push(`duplicate standard config ${c.name}`);
    else directives[c.name] = e;
    if (c.alias) directives[c.alias] = { aliasOf: c.name };
  }

  // deprecated_configs[] (7.0+): accepted and ignored.
  const dep = /\bdeprecated_configs\s*\[\s*\]\s*=\s*\{/.exec(config);
  if (dep) {
    const open = dep.index + dep[0].length - 1;
    const body = config.slice(open + 1, matchBracket(config, open) - 1);
    for (const m of body.matchAll(/\{\s*"([^"]+)"\s*,\s*([^,}]+?)\s*,\s*([^,}]+?)\s*\}/g)) {
      const lo = env.eval(m[2] as string);
      const hi = env.eval(m[3] as string);
      const e: DirectiveEntry = { ignored: true };
      if (lo !== null && hi !== null && lo === hi) e.argc = Number(lo);
      else {
        if (lo !== null) e.argcMin = Number(lo);
        if (hi !== null) e.argcMax = Number(hi);
      }
      if (!directives[m[1] as string]) directives[m[1] as string] = e;
    }
  }

  // What the chain reads from a value and when it refuses it.
  const utilRaw = read('src/util.c');
  const chainCtx = {
    env,
    fields: serverFieldTypes(headerTexts),
    arrays: namedArrays(config),
    memtoll: memtollVariant(utilRaw),
  };
  let valueFacts = 0;
  const leftOut: string[] = [];
  // Old-style strcasecmp(argv[0], "...") chain.
  const loader = functionBody(config, 'loadServerConfigFromString');
  if (!loader) throw new Error('loadServerConfigFromString not found');
  const legacyNames = new Set<string>();
  for (const ch of parseStrcasecmpChain(loader, env)) {
    if (ch.names.length === 0) continue;
    const canonical = ch.names[ch.names.length - 1] as string;
    if (directives[canonical]) continue; // first definition wins (standard configs are matched first)
    const e: DirectiveEntry = { type: 'legacy', ...argcFields(ch.argc) };
    const code = ch.body.replace(/[\s{};]/g, '');
    const elseOnly = code === '' || code === '}else' || code === 'else';
    if (elseOnly) e.ignored = true;
    else {
      const v = chainValues(ch.body, chainCtx);
      if (v?.type) e.type = v.type;
      if (v?.values) e.values = [...new Set(v.values)];
      if (v?.parser) e.parser = v.parser;
      if (v?.error !== undefined) e.error = v.error;
      if (v?.buildDependent) e.note = `a build-dependent refusal is not checked: ${v.buildDependent}`;
      if (v?.left) {
        notes.push(`${canonical}: value checks left out: ${v.left}`);
        leftOut.push(canonical);
      }
      if (v?.parser) valueFacts++;
    }
    if (e.ignored) delete e.type;
    if (REPEATABLE.has(canonical)) e.repeatable = true;
    if (DEFAULT_VARIES.has(canonical)) e.defaultVaries = true;
    directives[canonical] = e;
    legacyNames.add(canonical);
    for (const a of ch.names.slice(0, -1)) if (!directives[a]) directives[a] = { aliasOf: canonical };
  }

  if (valueFacts) {
    const serverH = headerSources.find((h) => h === 'src/server.h' || h === 'src/redis.h');
    sources.push(
      `parser/error: the value checks of ${where('src/config.c')} loadServerConfigFromString (each branch's atoi, strtol, strtoll, ` +
        'memtoll, yesnotoi, configEnumGetValue or strcasecmp read of argv[N] and the `if (...) { err = "..."; goto loaderr; }` that refuses it; ' +
        `bounds in the C type of the field it is stored in, from ${serverH ? where(serverH) : 'the server header'} struct redisServer)`,
    );
    if (leftOut.length) sources.push(`parser: none for ${leftOut.join(', ')} (their checks are not of a number, yes/no or enum value read from the line: counts, paths, lengths, names, other parsers)`);
    if (chainCtx.memtoll) sources.push(`${where('src/util.c')} (memtoll: ${chainCtx.memtoll === 'memtoll' ? 'an unknown unit reads as 0' : 'an unknown unit is ignored, the digits before it are read'})`);
  }

  // Which legacy names does CONFIG GET know (pre-7.0 servers)?
  const getBody = functionBody(config, 'configGetCommand') ?? '';
  const gettable = new Set([...getBody.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1] as string));

  // `save` default from initServerConfig (server.c / redis.c).
  const serverC = read('src/server.c') ?? read('src/redis.c');
  if (serverC) {
    const init = functionBody(stripComments(serverC), 'initServerConfig') ?? '';
    const pairs = [...init.matchAll(/appendServerSaveParams\s*\(([^,]+),([^)]+)\)/g)]
      .map((m) => [env.eval(m[1] as string), env.eval(m[2] as string)])
      .filter((p): p is [bigint, bigint] => p[0] !== null && p[1] !== null);
    if (pairs.length && directives['save']) {
      srcDefaults.set('save', pairs.map((p) => `${p[0]} ${p[1]}`).join(' '));
      sources.push(`${where(serverC === read('src/server.c') ? 'src/server.c' : 'src/redis.c')} (initServerConfig: save default)`);
    }
  }

  // Defaults: TSV (CONFIG GET of a running build) first, then the source.
  const tsvRows = args.tsv ? readTsv(args.tsv, args.flavor, args.tsvVersion ?? args.version) : [];
  const tsvByName = new Map(tsvRows.map((r) => [r.directive, r]));
  const defaultDiffs: string[] = [];
  for (const [name, e] of Object.entries(directives)) {
    if (e.aliasOf || e.ignored) continue;
    const src = srcDefaults.get(name);
    const row = tsvByName.get(name);
    const isLegacy = legacyNames.has(name);
    let def: string | undefined;
    // An empty TSV value for a config the source gives a non-empty default is
    // "not reported" (CONFIG GET * skips hidden configs), not a real default.
    const tsvUsable = row !== undefined && (row.def !== '' || ((!isLegacy || gettable.has(name)) && !src));
    if (row && tsvUsable) def = row.def;
    if (def === undefined && src !== undefined) def = src;
    if (row && src !== undefined && row.def !== src && row.def !== '')
      defaultDiffs.push(`${name}: CONFIG GET "${row.def}" vs source "${src}" (kept CONFIG GET)`);
    if (def !== undefined && !e.defaultVaries) e.default = def;
  }

  // Sentinel subcommands.
  const sentinel: Record<string, SentinelEntry> = {};
  if (sentinelRaw) {
    const sbody = functionBody(stripComments(sentinelRaw), 'sentinelHandleConfiguration');
    if (sbody) {
      for (const ch of parseStrcasecmpChain(sbody, env)) {
        const canonical = ch.names[0] as string;
        for (const n of ch.names) {
          if (sentinel[n]) continue;
          sentinel[n] = { ...argcFields(ch.argc) };
          if (n !== canonical && ch.names.length > 1) {
            /* both spellings are accepted with the same argc */
          }
        }
      }
    } else notes.push('sentinelHandleConfiguration not found');
  }

  // Cross-check against the TSV name set.
  if (args.tsv) {
    const mine = new Set(Object.keys(directives));
    const theirs = new Set(tsvRows.map((r) => r.directive));
    for (const n of mine) if (!theirs.has(n)) notes.push(`NAME only in source: ${n}`);
    for (const n of theirs) if (!mine.has(n)) notes.push(`NAME only in TSV: ${n}`);
    for (const r of tsvRows) {
      const e = directives[r.directive];
      if (!e) continue;
      if ((r.aliasOf || '') !== (e.aliasOf ?? '')) notes.push(`ALIAS differs for ${r.directive}: TSV "${r.aliasOf}" vs source "${e.aliasOf ?? ''}"`);
      const tsvIgnored = /deprecated_configs|accepted, ignored/.test(r.source);
      if (tsvIgnored !== !!e.ignored && /deprecated_configs/.test(r.source)) notes.push(`IGNORED differs for ${r.directive}`);
    }
    for (const d of defaultDiffs) notes.push(`DEFAULT ${d}`);
  }

  const sorted: Record<string, DirectiveEntry> = {};
  for (const k of Object.keys(directives).sort()) sorted[k] = directives[k] as DirectiveEntry;
  const sortedSentinel: Record<string, SentinelEntry> = {};
  for (const k of Object.keys(sentinel).sort()) sortedSentinel[k] = sentinel[k] as SentinelEntry;

  if (args.tsv) {
    sources.push(
      `defaults: CONFIG GET values for ${args.flavor} ${args.tsvVersion ?? args.version} from ${args.tsv.split('/').pop() ?? args.tsv}; ` +
        'the compiled-in default where CONFIG GET reported none (hidden configs, TLS configs on a non-TLS build); ' +
        'no default for legacy directives CONFIG GET does not know',
    );
  }
  sources.push(
    'defaultVaries: only dir (the working directory); tls: entries inside #ifdef USE_OPENSSL or named tls-*; ' +
      'sentinel: sentinelHandleConfiguration chain, argc counted from the subcommand',
  );
  for (const n of notes.filter((x) => x.includes('compiled only when'))) sources.push(`note: ${n}`);

  const table: Table = {
    kind: 'directives',
    flavor: args.flavor,
    line: args.line,
    version: args.version,
    checked: args.checked,
    sources,
    unverified: [],
    directives: sorted,
    sentinel: sortedSentinel,
  };
  return { table, notes };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const { table, notes } = build(args);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(table, null, 2)}\n`);
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
  process.stderr.write(
    `wrote ${args.out}: ${Object.keys(table.directives).length} directives, ${Object.keys(table.sentinel).length} sentinel subcommands\n`,
  );
}

main();
