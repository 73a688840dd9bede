#!/usr/bin/env node
/**
 * extract-command-table — maintainer script.
 *
 * Reads the command metadata of a Redis or Valkey source tree at one or more
 * release tags (`src/commands/*.json`: `since`, `deprecated_since`,
 * `replaced_by`, `doc_flags`) and prints those facts, or merges them into
 * `rules/tables/commands.json`. With --module it reads a module's own
 * `commands.json` instead (RediSearch, RedisJSON, RedisBloom, RedisTimeSeries,
 * or `modules/vector-sets/commands.json` in the Redis tree) at the module
 * versions that Redis releases bundle.
 *
 * Usage:
 *   node dist/scripts/extract-command-table.js --flavor redis|valkey \
 *     --git-dir REPO.git --tag TAG[=VERSION] [--tag ...] [--git-dir OTHER.git --tag ...] \
 *     [--repo owner/name] [--table rules/tables/commands.json --write] [--checked YYYY-MM-DD]
 *
 *   node dist/scripts/extract-command-table.js --flavor redis --module NAME \
 *     --git-dir MODULE.git --tag MODULE_TAG=REDIS_VERSION [--tag ...] \
 *     [--path commands.json] [--repo owner/name] [--table FILE --write]
 *
 * --tag:   a tag, branch or commit of the --git-dir given before it; `=VERSION`
 *          names the release it is (needed for a commit, or for a module tag:
 *          the Redis release bundling that module version).
 *          Tags are read in version order, so a deprecation that disappears
 *          at a later tag gets an `until` (Valkey 9.0 un-deprecated most).
 * --write: merge into the table: the facts of this flavor (since, source,
 *          deprecations) are replaced for every command the tags have; other
 *          flavors' facts and commands no tag has are kept (and listed).
 *          Without --write the facts are printed as JSON on stdout.
 *
 * Redis lines before 7.0 have no command JSON files; for them the script reads
 * the command table itself, `lines` of the table (LineCommandTable):
 *
 *   node dist/scripts/extract-command-table.js --flavor redis --git-dir redis.git \
 *     --line 2.8=2.8.24 --line 3.0=3.0.7 ... [--table FILE --write]
 *
 * --line:  LINE=VERSION: the top-level names of `redisCommandTable` (src/server.c,
 *          src/redis.c before 3.2) at VERSION, each name missing at LINE.0 with
 *          the first tag LINE.N that has it (every release tag of the line up to
 *          VERSION is read), and which of the two rename-command refusals
 *          config.c makes. Names whose `since` in the table disagrees with the
 *          command table are listed as notes. --write replaces those lines.
 *
 * Only Node built-ins are used; git is run read-only (ls-tree, show, tag --list).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { CommandDeprecation, CommandSpec, CommandsTable, LineCommandTable } from '../src/rulepack/types.js';

type Flavor = 'redis' | 'valkey';

interface Args {
  flavor: Flavor;
  /** In version order; each read from the --git-dir given before it. */
  tags: { gitDir: string; rev: string; version: string }[];
  /** --line LINE=VERSION, each read from the --git-dir given before it. */
  lines: { gitDir: string; line: string; version: string }[];
  repo: string;
  module?: string;
  path: string;
  table: string;
  write: boolean;
  checked?: string;
}

/** One command as one tag's JSON describes it. */
interface RawFacts {
  since?: string;
  deprecatedSince?: string;
  replacedBy?: string;
  docFlags: string[];
  file: string;
}

type Deprecation = CommandDeprecation;

/** What the tags say of one command, for one flavor. */
interface Facts {
  since: string;
  source: string;
  module?: string;
  deprecated: Deprecation[];
  /** Tags (their versions) that have the command. */
  in: string[];
}

type Spec = CommandSpec;

type Table = Omit<CommandsTable, 'file'>;

function usage(msg: string): never {
  process.stderr.write(`extract-command-table: ${msg}\n(see the header of scripts/extract-command-table.ts)\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const m = new Map<string, string>();
  const tags: Args['tags'] = [];
  const lines: Args['lines'] = [];
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--write') { write = true; continue; }
    if (!a.startsWith('--')) usage(`unexpected argument ${a}`);
    const v = argv[i + 1];
    if (v === undefined) usage(`${a} needs a value`);
    i++;
    if (a === '--line') {
      const gitDir = m.get('git-dir');
      if (!gitDir) usage(`--line ${v}: give --git-dir before it`);
      const lm = /^(\d+\.\d+)=(\d+\.\d+\.\d+)$/.exec(v);
      if (!lm || !(lm[2] as string).startsWith(`${lm[1]}.`)) usage(`--line ${v}: name it as LINE=VERSION (2.8=2.8.24)`);
      lines.push({ gitDir, line: lm[1] as string, version: lm[2] as string });
      continue;
    }
    if (a !== '--tag') { m.set(a.slice(2), v); continue; }
    // A tag is read from the --git-dir given before it.
    const gitDir = m.get('git-dir');
    if (!gitDir) usage(`--tag ${v}: give --git-dir before it`);
    const eq = v.indexOf('=');
    const rev = eq > 0 ? v.slice(0, eq) : v;
    const version = eq > 0 ? v.slice(eq + 1) : v.replace(/^v/, '');
    if (!/^\d+\.\d+\.\d+$/.test(version)) usage(`--tag ${v}: name the release as TAG=MAJOR.MINOR.PATCH`);
    tags.push({ gitDir, rev, version });
  }
  const flavor = m.get('flavor');
  if (flavor !== 'redis' && flavor !== 'valkey') usage('--flavor must be redis or valkey');
  const module = m.get('module');
  if (module && flavor !== 'redis') usage('--module is for Redis (Valkey bundles no module)');
  if (lines.length && (tags.length || module || flavor !== 'redis')) usage('--line is for Redis lines before 7.0, without --tag or --module');
  if (!tags.length && !lines.length) usage('give at least one --git-dir DIR --tag TAG');
  tags.sort((a, b) => compare(a.version, b.version));
  lines.sort((a, b) => compare(a.version, b.version));
  return {
    flavor,
    tags,
    lines,
    module,
    repo: m.get('repo') ?? (flavor === 'redis' ? 'redis/redis' : 'valkey-io/valkey'),
    path: m.get('path') ?? (module ? 'commands.json' : 'src/commands'),
    table: m.get('table') ?? 'rules/tables/commands.json',
    write,
    checked: m.get('checked'),
  };
}

/** Orders `x.y.z` versions (a missing part is 0). */
function compare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** `2.0` → `2.0.0`: the table's versions have three parts. */
function full(v: string): string {
  const parts = v.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** `7.4.1`, `v8.2.0`, or `8.6.2 (a176d1225ef6)` for a release read from a commit or branch. */
function label(t: { rev: string; version: string }): string {
  if (t.rev === t.version || t.rev === `v${t.version}`) return t.rev;
  return `${t.version} (${/^[0-9a-f]{40}$/.test(t.rev) ? t.rev.slice(0, 12) : t.rev})`;
}

function git(gitDir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `\`SET\` with the \`!GET\` argument` → `SET with the GET argument` (the docs' markup dropped). */
function plain(text: string): string {
  return text.replace(/`!?([^`]*)`/g, '$1').trim();
}

interface JsonCommand { since?: string; container?: string; deprecated_since?: string; replaced_by?: string; doc_flags?: string[] }

function rawOf(name: string, c: JsonCommand, file: string): [string, RawFacts] {
  const key = `${c.container ? `${c.container} ` : ''}${name}`.toLowerCase();
  const facts: RawFacts = { docFlags: c.doc_flags ?? [], file };
  if (c.since) facts.since = c.since;
  if (c.deprecated_since) facts.deprecatedSince = full(c.deprecated_since);
  if (c.replaced_by) facts.replacedBy = plain(c.replaced_by);
  return [key, facts];
}

/** Every command one tag's JSON files describe, by lowercase name (`client list` for a subcommand). */
function readTag(args: Args, gitDir: string, rev: string): Map<string, RawFacts> {
  const out = new Map<string, RawFacts>();
  if (args.module) {
    const doc = JSON.parse(git(gitDir, ['show', `${rev}:${args.path}`])) as Record<string, JsonCommand>;
    for (const [name, c] of Object.entries(doc)) out.set(...rawOf(name, c, args.path));
    return out;
  }
  const files = git(gitDir, ['ls-tree', '--name-only', `${rev}:${args.path}`]).split('\n').filter((f) => f.endsWith('.json'));
  if (!files.length) usage(`${rev}: no ${args.path}/*.json (command JSON files exist from Redis 7.0)`);
  for (const f of files) {
    const doc = JSON.parse(git(gitDir, ['show', `${rev}:${args.path}/${f}`])) as Record<string, JsonCommand>;
    for (const [name, c] of Object.entries(doc)) out.set(...rawOf(name, c, `${args.path}/${f}`));
  }
  return out;
}

/**
 * The facts of every command over the tags, read in version order:
 * - server commands: `since` as the newest tag states it, cited from the oldest tag that states the same;
 * - module commands: `since` is the Redis release of the first tag (module version) that has the
 *   command, or the module's own `since` when that is already a Redis release (8.0.0 up to that tag);
 * - a deprecation opens at the first tag that states it and closes (`until`) at the first later tag
 *   that has the command without it.
 */
function collect(args: Args, notes: string[]): Map<string, Facts> {
  const perTag = args.tags.map((t) => ({ ...t, cmds: readTag(args, t.gitDir, t.rev) }));
  const names = new Set(perTag.flatMap((t) => [...t.cmds.keys()]));
  const cite = (t: { rev: string; version: string }, file: string): string => `${args.repo}:${label(t)}:${file}`;
  const out = new Map<string, Facts>();
  for (const name of [...names].sort()) {
    const seen = perTag.filter((t) => t.cmds.has(name));
    const first = seen[0];
    const last = seen.at(-1);
    if (!first || !last) continue;
    const lastRaw = last.cmds.get(name) as RawFacts;
    let since: string;
    let source: string;
    if (args.module) {
      // A module's `since` is a module version; from Redis 8.0 the bundled modules are versioned
      // with Redis (module v8.2.0 in Redis 8.2.0), so a since from 8.0.0 up to the first tag is a Redis release.
      const own = lastRaw.since ? full(lastRaw.since) : undefined;
      since = own && compare(own, '8.0.0') >= 0 && compare(own, first.version) <= 0 ? own : first.version;
      source = cite(first, (first.cmds.get(name) as RawFacts).file);
      if (own && compare(own, '8.0.0') >= 0 && own !== since) {
        notes.push(`${name}: first in ${label(first)} (Redis ${first.version}), while ${args.module}'s commands.json at ${last.rev} says since ${own} (kept ${since})`);
      }
    } else {
      if (!lastRaw.since) { notes.push(`${name}: no since at ${last.rev}; skipped`); continue; }
      since = full(lastRaw.since);
      const from = seen.find((t) => t.cmds.get(name)?.since && full(t.cmds.get(name)?.since ?? '') === since) ?? last;
      source = cite(from, (from.cmds.get(name) as RawFacts).file);
      for (const t of seen) {
        const s = t.cmds.get(name)?.since;
        if (s && full(s) !== since) notes.push(`${name}: since ${s} at ${t.rev}, ${since} at ${last.rev} (kept the newer)`);
      }
    }
    const deprecated: Deprecation[] = [];
    let open: Deprecation | undefined;
    for (const t of seen) {
      const raw = t.cmds.get(name) as RawFacts;
      if (!args.module && raw.docFlags.includes('DEPRECATED') !== !!raw.deprecatedSince) notes.push(`${name}: DEPRECATED doc flag and deprecated_since disagree at ${t.rev}`);
      if (raw.deprecatedSince && !open) {
        let depSince = raw.deprecatedSince;
        let src = cite(t, raw.file);
        if (args.module && compare(depSince, '8.0.0') < 0) {
          // Deprecated in a module version older than any bundled one: deprecated in every Redis that bundles it.
          src += ` (deprecated_since ${depSince}, a ${args.module} version before the bundling)`;
          depSince = first.version;
        }
        open = { flavor: args.flavor, since: depSince, replacedBy: raw.replacedBy ?? 'no replacement named', source: src };
        deprecated.push(open);
      } else if (!raw.deprecatedSince && open) {
        open.until = t.version;
        open.source += `; not deprecated at ${cite(t, raw.file)}`;
        open = undefined;
      }
    }
    const facts: Facts = { since, source, deprecated, in: seen.map((t) => t.version) };
    if (args.module) facts.module = args.module;
    out.set(name, facts);
  }
  return out;
}

function merge(table: Table, args: Args, facts: Map<string, Facts>, notes: string[]): void {
  const sinceKey = args.flavor === 'redis' ? 'since' : 'valkeySince';
  const sourceKey = args.flavor === 'redis' ? 'source' : 'valkeySource';
  for (const [name, f] of facts) {
    const spec: Spec = table.commands[name] ?? { valkey: false };
    if (spec[sinceKey] && spec[sinceKey] !== f.since) notes.push(`${name}: ${sinceKey} ${spec[sinceKey]} → ${f.since}`);
    spec[sinceKey] = f.since;
    spec[sourceKey] = f.source;
    if (f.module) spec.module = f.module;
    const others = (spec.deprecated ?? []).filter((d) => d.flavor !== args.flavor);
    const all = [...others, ...f.deprecated]
      .sort((a, b) => a.flavor.localeCompare(b.flavor) || compare(a.since, b.since))
      .map(({ flavor, since, until, replacedBy, source }) => ({ flavor, since, ...(until ? { until } : {}), replacedBy, source }));
    if (all.length) spec.deprecated = all;
    else delete spec.deprecated;
    table.commands[name] = spec;
  }
  for (const [name, spec] of Object.entries(table.commands)) {
    if (spec[sinceKey] && !facts.has(name) && (!!spec.module === !!args.module) && (!args.module || spec.module === args.module)) {
      notes.push(`${name}: in the table for ${args.flavor} but in none of the tags read (kept)`);
    }
    spec.valkey = spec.valkeySince !== undefined;
    // Legacy field for older readers: Redis deprecates it and no Valkey release from 8.0 does.
    const redisDeps = (spec.deprecated ?? []).filter((d) => d.flavor === 'redis');
    const valkeyDeps = (spec.deprecated ?? []).filter((d) => d.flavor === 'valkey');
    const valkeyFrom8 = valkeyDeps.every((d) => d.until !== undefined && compare(d.until, '8.0.0') <= 0);
    if (redisDeps.length && spec.valkeySince && valkeyFrom8) spec.notDeprecatedIn = 'valkey';
    else delete spec.notDeprecatedIn;
  }
  // Stable key order: by name, and within an entry as the schema lists the fields.
  const order: (keyof Spec)[] = ['since', 'valkeySince', 'valkey', 'module', 'source', 'valkeySource', 'deprecated', 'notDeprecatedIn'];
  const sorted: Record<string, Spec> = {};
  for (const name of Object.keys(table.commands).sort()) {
    const spec = table.commands[name] as Spec;
    const o: Record<string, unknown> = {};
    for (const k of order) if (spec[k] !== undefined) o[k] = spec[k];
    sorted[name] = o as unknown as Spec;
  }
  table.commands = sorted;
  const what = args.module ? `${args.path} of module ${args.module}` : `${args.path}/*.json`;
  const line = `${args.repo} ${what} at ${args.tags.map(label).join(', ')}`;
  if (!table.sources.includes(line)) table.sources.push(line);
  if (args.checked) table.checked = args.checked;
}

/** Release tags `LINE.N` of the repository up to `version`, oldest first (no release candidates). */
function lineTags(gitDir: string, line: string, version: string): string[] {
  const re = new RegExp(`^${line.replace('.', '\\.')}\\.(\\d+)$`);
  const tags = git(gitDir, ['tag', '--list', `${line}.*`]).split('\n').filter((t) => re.test(t) && compare(t, version) <= 0);
  tags.sort(compare);
  if (tags.at(-1) !== version) usage(`--line ${line}=${version}: no tag ${version} in ${gitDir}`);
  return tags;
}

/** The file of `redisCommandTable` at a tag: src/server.c from 3.2, src/redis.c before. */
function serverFile(gitDir: string, rev: string): string {
  const files = git(gitDir, ['ls-tree', '--name-only', `${rev}:src`]).split('\n');
  if (files.includes('server.c') && git(gitDir, ['show', `${rev}:src/server.c`]).includes('redisCommandTable[]')) return 'src/server.c';
  if (files.includes('redis.c')) return 'src/redis.c';
  return usage(`${rev}: neither src/server.c nor src/redis.c defines redisCommandTable`);
}

/**
 * The names of `redisCommandTable[]` at a tag, lowercase: the first string of every entry, comments
 * dropped. Entries are `{"name",proc,arity,...}` at every tag from 2.6 to 6.2.
 */
function readServerTable(gitDir: string, rev: string, file: string): string[] {
  const text = git(gitDir, ['show', `${rev}:${file}`]);
  const start = text.indexOf('redisCommandTable[] = {');
  const end = start < 0 ? -1 : text.indexOf('\n};', start);
  if (start < 0 || end < 0) usage(`${rev}:${file}: no redisCommandTable[] = { ... };`);
  const body = text.slice(text.indexOf('{', start) + 1, end).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const names = [...body.matchAll(/\{\s*"([^"]*)"/g)].map((x) => (x[1] as string).toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) usage(`${rev}:${file}: ${dup} twice in redisCommandTable (a #if branch this reader does not evaluate?)`);
  if (/^\s*#\s*if/m.test(body)) usage(`${rev}:${file}: redisCommandTable has preprocessor conditionals; read it by hand`);
  return names.sort();
}

const RENAME_ERRORS = { missing: 'No such command in rename-command', exists: 'Target command name already exists' } as const;

/** Which rename-command refusals the branch of loadServerConfigFromString makes at a tag. */
function renameChecksAt(gitDir: string, rev: string): Set<keyof typeof RENAME_ERRORS> {
  const text = git(gitDir, ['show', `${rev}:src/config.c`]);
  const at = text.search(/strcasecmp\(argv\[0\],\s*"rename-command"\)/);
  if (at < 0) usage(`${rev}:src/config.c: no rename-command branch`);
  const next = text.indexOf('} else if', at);
  const branch = text.slice(at, next < 0 ? undefined : next);
  return new Set((Object.keys(RENAME_ERRORS) as (keyof typeof RENAME_ERRORS)[]).filter((k) => branch.includes(`"${RENAME_ERRORS[k]}"`)));
}

/**
 * Every --line: the command table at its VERSION, what each earlier tag of the line lacked, and the
 * rename-command refusals (the same at every tag of the line, else the script stops: a per-patch
 * difference would need its own field). Notes list where the table's `since` disagrees.
 */
function collectLines(args: Args, table: Table | undefined, notes: string[]): LineCommandTable[] {
  const out: LineCommandTable[] = [];
  for (const l of args.lines) {
    const tags = lineTags(l.gitDir, l.line, l.version);
    const perTag = tags.map((rev) => {
      const file = serverFile(l.gitDir, rev);
      return { rev, file, names: new Set(readServerTable(l.gitDir, rev, file)), checks: renameChecksAt(l.gitDir, rev) };
    });
    const last = perTag.at(-1) as (typeof perTag)[number];
    const cite = (t: { rev: string }, file: string): string => `${args.repo}@${t.rev}:${file}`;
    const addedIn: NonNullable<LineCommandTable['addedIn']> = {};
    for (const name of [...last.names].sort()) {
      const first = perTag.findIndex((t) => t.names.has(name));
      const from = perTag[first] as (typeof perTag)[number];
      if (perTag.slice(first).some((t) => !t.names.has(name))) usage(`${name}: leaves and comes back within ${l.line}; not representable`);
      if (first > 0) addedIn[name] = { version: from.rev, source: cite(from, from.file) };
    }
    for (const t of perTag) {
      for (const name of t.names) if (!last.names.has(name)) usage(`${name}: in ${t.rev} but not in ${l.version}; not representable`);
      const same = t.checks.size === last.checks.size && [...t.checks].every((c) => last.checks.has(c));
      if (!same) usage(`${t.rev}: rename-command refusals differ from ${l.version}; not representable`);
    }
    const renameCommand: LineCommandTable['renameCommand'] = {};
    const within = tags.length > 1 ? ` (the same at every ${l.line} tag from ${tags[0]})` : '';
    for (const c of last.checks) renameCommand[c] = `${cite(last, 'src/config.c')} loadServerConfigFromString rename-command: "${RENAME_ERRORS[c]}"${within}`;
    const entry: LineCommandTable = {
      flavor: 'redis', line: l.line, version: l.version,
      source: `${cite(last, last.file)} redisCommandTable`,
      commands: [...last.names].sort(),
      ...(Object.keys(addedIn).length ? { addedIn } : {}),
      renameCommand,
    };
    out.push(entry);
    if (table) sinceNotes(entry, table, notes);
  }
  return out;
}

/** Where the table's `since` (top-level server commands) and a line's command table disagree. */
function sinceNotes(entry: LineCommandTable, table: Table, notes: string[]): void {
  for (const [name, spec] of Object.entries(table.commands)) {
    if (name.includes(' ') || spec.module || !spec.since) continue;
    if (compare(spec.since, entry.version) <= 0 && !entry.commands.includes(name)) {
      notes.push(`${entry.line}: ${name} has since ${spec.since} (${spec.source ?? 'no source'}) but is not in ${entry.source}`);
    }
  }
  for (const name of entry.commands) {
    const since = table.commands[name]?.since;
    const first = entry.addedIn?.[name]?.version ?? `${entry.line}.0`;
    if (!since) notes.push(`${entry.line}: ${name} is in ${entry.source} but has no Redis since in the table`);
    else if (compare(since, entry.version) > 0) notes.push(`${entry.line}: ${name} is in ${entry.source} but has since ${since}`);
    else if (since.startsWith(`${entry.line}.`) && compare(since, first) !== 0) notes.push(`${entry.line}: ${name} is first in ${first}, since ${since} in the table`);
  }
}

function mergeLines(table: Table, args: Args, lines: LineCommandTable[], notes: string[]): void {
  const kept = (table.lines ?? []).filter((t) => !lines.some((l) => l.flavor === t.flavor && l.line === t.line));
  table.lines = [...kept, ...lines].sort((a, b) => a.flavor.localeCompare(b.flavor) || compare(a.version, b.version));
  for (const l of lines) {
    const line = `${args.repo} redisCommandTable (src/server.c, src/redis.c before 3.2) and src/config.c rename-command, line ${l.line}: every release tag from ${l.line}.0 to ${l.version}`;
    const old = table.sources.findIndex((s) => s.startsWith(`${args.repo} redisCommandTable `) && s.includes(`, line ${l.line}:`));
    if (old >= 0) table.sources.splice(old, 1, line);
    else table.sources.push(line);
  }
  if (args.checked) table.checked = args.checked;
  notes.push(`lines: ${lines.map((l) => `${l.line} (${l.version}) ${l.commands.length} commands`).join(', ')}`);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const notes: string[] = [];
  if (args.lines.length) {
    let table: Table | undefined;
    try { table = JSON.parse(readFileSync(args.table, 'utf8')) as Table; } catch { notes.push(`${args.table} not readable: since is not compared`); }
    const lines = collectLines(args, table, notes);
    if (args.write && table) {
      mergeLines(table, args, lines, notes);
      writeFileSync(args.table, `${JSON.stringify(table, null, 1)}\n`);
      process.stderr.write(`merged ${lines.length} command tables into ${args.table}\n`);
    } else {
      if (args.write) usage(`--write: ${args.table} is not readable`);
      process.stdout.write(`${JSON.stringify(lines, null, 1)}\n`);
    }
    for (const n of notes) process.stderr.write(`note: ${n}\n`);
    return;
  }
  const facts = collect(args, notes);
  if (args.write) {
    const table = JSON.parse(readFileSync(args.table, 'utf8')) as Table;
    merge(table, args, facts, notes);
    writeFileSync(args.table, `${JSON.stringify(table, null, 1)}\n`);
    process.stderr.write(`merged ${facts.size} ${args.module ?? args.flavor} commands into ${args.table}\n`);
  } else {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(facts), null, 1)}\n`);
  }
  for (const n of notes) process.stderr.write(`note: ${n}\n`);
}

main();
