import type { ConfigCheck, Hit } from '../context.js';
import { commandStatus } from '../commands.js';
import { includesChange, parseVersion } from '../../versions/version.js';
import { directiveHit } from './directive-hit.js';

/** The releases rules/tables/commands.json describes completely (built from src/commands/*.json). */
const TABLE_FROM = { redis: parseVersion('7.0.0', 'redis'), valkey: parseVersion('7.2.0', 'valkey') } as const;

/**
 * `rename-command OLD NEW` lines the target refuses at startup, replayed in file order as the
 * server applies them (redis/redis src/config.c loadServerConfigFromString, 2.8.24 to 7.4.1, and
 * valkey-io/valkey 8.0.1): OLD must name a command of the target's table as renamed so far ("No such
 * command in rename-command"), and NEW must not name one ("Target command name already exists").
 * Commands of modules (loaded after the file) and `cmd|sub` names are not judged; nor are targets
 * older than the command table (Redis 7.0, Valkey 7.2).
 */
export const renameCommand: ConfigCheck = (doc, ctx) => {
  const target = ctx.path.target;
  if (!ctx.commands || doc.kind === 'sentinel' || !includesChange(target, TABLE_FROM[target.flavor])) return [];
  const commands = ctx.commands;
  const renamedTo = new Map<string, boolean>(); // name → present (true) or renamed away / deleted (false)
  const present = (name: string): boolean | undefined => {
    if (renamedTo.has(name)) return renamedTo.get(name);
    const status = commandStatus(commands, name, target);
    if (status.module) return undefined;
    return status.exists;
  };
  const hits: Hit[] = [];
  for (const d of doc.directives) {
    if (d.name !== 'rename-command' || d.args.length !== 2) continue;
    const [from, to] = d.args.map((a) => a.toLowerCase()) as [string, string];
    if (from.includes('|') || to.includes('|') || from.includes(' ')) continue;
    const has = present(from);
    if (has === false) {
      hits.push(directiveHit(d, `missing:${from}`, { problem: `No such command in rename-command: ${target.flavor === 'valkey' ? 'Valkey' : 'Redis'} ${target.major}.${target.minor} has no command ${from.toUpperCase()} at this point of the file` }));
    } else if (to !== '' && present(to) === true) {
      hits.push(directiveHit(d, `exists:${to}`, { problem: `Target command name already exists: ${to.toUpperCase()}` }));
    }
    if (has === undefined) continue;
    renamedTo.set(from, false);
    if (to !== '') renamedTo.set(to, true);
  }
  return hits;
};
