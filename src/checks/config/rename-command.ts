import type { LineCommandTable } from '../../rulepack/types.js';
import type { CheckContext, ConfigCheck, Hit } from '../context.js';
import { commandStatus } from '../commands.js';
import { compareSameFlavor, includesChange, lineOf, parseVersion, type Version } from '../../versions/version.js';
import { directiveHit } from './directive-hit.js';

/** The releases rules/tables/commands.json `commands` describes completely (built from src/commands/*.json). */
const TABLE_FROM = { redis: parseVersion('7.0.0', 'redis'), valkey: parseVersion('7.2.0', 'valkey') } as const;

/**
 * Top-level commands of commands.json a server's table leaves out: SENTINEL is ONLY_SENTINEL
 * (command_flags in src/commands/sentinel.json, redis/redis 7.0.15 to 8.0-m01, valkey-io/valkey
 * 8.0.1), which populateCommandStructure skips unless the server runs as a Sentinel (src/server.c
 * 7.0.15). Seen refused on redis-server 7.0.15, 7.2.6, 7.4.1 and valkey-server 8.0.1.
 */
const ONLY_SENTINEL = new Set(['sentinel']);

/** Both refusals, as redis/redis src/config.c makes them from 2.6.0 to 7.4.1 and valkey-io/valkey 8.0.1. */
const BOTH_CHECKS: LineCommandTable['renameCommand'] = { missing: 'redis/redis@7.4.1:src/config.c', exists: 'redis/redis@7.4.1:src/config.c' };

/**
 * `rename-command OLD NEW` lines the target refuses at startup, replayed in file order as the
 * server applies them (redis/redis src/config.c loadServerConfigFromString, 2.8.24 to 7.4.1, and
 * valkey-io/valkey 8.0.1): OLD must name a command of the target's table as renamed so far ("No such
 * command in rename-command"); the server then deletes OLD and adds NEW, which must not name a
 * command still there ("Target command name already exists"), so `rename-command GET GET` is accepted.
 *
 * The target's table: for Redis 7.0 on and every Valkey, `commands` of rules/tables/commands.json
 * (since/valkeySince); for Redis 2.8 to 6.2, the line's `lines` entry (redisCommandTable at the
 * line's release, with the patch release that added a command within the line, and the refusals its
 * config.c makes). There, QUIT and SENTINEL are not commands: QUIT is answered before the table
 * lookup and SENTINEL exists only in a Sentinel's table, so renaming either is refused; HOST: and
 * POST (3.2.7 to 6.2) and STRALGO (6.0, 6.2) are commands there and in no JSON. From 7.0 QUIT is a
 * command, SENTINEL is in the JSON but still not in a server's table, and HOST:/POST are checked
 * before the lookup. Proven per line on real servers: fixtures/rules/config/rename-command-redis-*.conf.
 * Redis lines older than 2.8 are not judged.
 * A module's command is refused like a missing one: modules are loaded after the file is read (seen
 * with FT.SEARCH on redis 3.2.13, 6.2.16, 7.0.15, 8.0-m01 and valkey 8.0.1). A `cmd|sub` name is
 * refused up to 6.2 ("No such command") and aborts the server from 7.0 (an assertion in config.c:
 * redis 7.0.15 and 8.0-m01, valkey 8.0.1, exit by SIGSEGV after "=== ASSERTION FAILED ===").
 */
export const renameCommand: ConfigCheck = (doc, ctx) => {
  const target = ctx.path.target;
  if (!ctx.commands || doc.kind === 'sentinel') return [];
  const lookup = commandPresence(ctx, false);
  if (!lookup) return [];
  const { present, checks } = lookup;
  const isModule = (name: string) => !!ctx.commands && !!commandStatus(ctx.commands, name, target).module;
  const renamedTo = new Map<string, boolean>(); // name → present (true) or renamed away / deleted (false)
  const has = (name: string): boolean | undefined => (renamedTo.has(name) ? renamedTo.get(name) : present(name));
  const hits: Hit[] = [];
  for (const d of doc.directives) {
    if (d.name !== 'rename-command' || d.args.length !== 2) continue;
    const [from, to] = d.args.map((a) => a.toLowerCase()) as [string, string];
    if (from.includes('|') && checks.missing) {
      hits.push(directiveHit(d, `subcommand:${from}`, { problem: includesChange(target, TABLE_FROM.redis) || target.flavor === 'valkey'
        ? `a subcommand (${from.toUpperCase()}) cannot be renamed: the server aborts with "=== ASSERTION FAILED ===" in config.c while reading the file`
        : `No such command in rename-command: ${from.toUpperCase()} is a subcommand, not a command` }));
      continue;
    }
    if (to.includes('|') || from.includes(' ')) continue;
    const found = has(from);
    if (found === false && checks.missing) {
      hits.push(directiveHit(d, `missing:${from}`, { problem: `No such command in rename-command: ${target.flavor === 'valkey' ? 'Valkey' : 'Redis'} ${lineOf(target)}${target.patch === undefined ? '' : `.${target.patch}`} has no command ${from.toUpperCase()} at this point of the file${isModule(from) ? ' (a module\'s command: modules are loaded after the file is read)' : ''}` }));
    } else if (to !== '' && to !== from && checks.exists && has(to) === true) {
      hits.push(directiveHit(d, `exists:${to}`, { problem: `Target command name already exists: ${to.toUpperCase()}` }));
    }
    if (found === undefined) continue;
    renamedTo.set(from, false);
    if (to !== '') renamedTo.set(to, true);
  }
  return hits;
};

/**
 * Whether the target's server table has a command (lowercase name) while a normal server reads its
 * configuration (SENTINEL is not in it), and the refusals rename-command makes on that line; see
 * renameCommand for the tables. A module's command is absent, or with `modulesLoaded` (for what is
 * read after `loadmodule` has run: ACL users) undefined, as it depends on the modules. Undefined
 * when no table covers the target.
 */
export function commandPresence(ctx: CheckContext, modulesLoaded: boolean): { present: (name: string) => boolean | undefined; checks: LineCommandTable['renameCommand'] } | undefined {
  const target = ctx.path.target;
  const commands = ctx.commands;
  if (!commands) return undefined;
  if (includesChange(target, TABLE_FROM[target.flavor])) {
    return {
      checks: BOTH_CHECKS,
      present: (name) => {
        if (ONLY_SENTINEL.has(name)) return false;
        const status = commandStatus(commands, name, target);
        return status.module ? (modulesLoaded ? undefined : false) : status.exists;
      },
    };
  }
  const table = ctx.commandLines?.find((l) => l.flavor === target.flavor && l.line === lineOf(target));
  if (!table) return undefined;
  const legacy = legacyLookup(table, target);
  // The pre-7.0 tables list the core commands only: a name with a dot is a module's.
  return { checks: table.renameCommand, present: (name) => (modulesLoaded && name.includes('.') ? undefined : legacy(name)) };
}

/**
 * Membership in a pre-7.0 line's table: a target named by its line is the table's release; a patch
 * release lacks what the line added after it (TOUCH in 3.2.0, LPOS before 6.0.6).
 */
function legacyLookup(table: LineCommandTable, target: Version): (name: string) => boolean {
  const names = new Set(table.commands);
  return (name) => {
    if (!names.has(name)) return false;
    const added = table.addedIn?.[name];
    return !(added && target.patch !== undefined && compareSameFlavor(target, parseVersion(added.version, target.flavor)) < 0);
  };
}
