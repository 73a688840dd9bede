import type { Hit } from '../context.js';
import { nodeHit, type LiveCheck } from './context.js';
import { masterOf, nodeRole, num } from './node-facts.js';
import { parseInfoValue } from '../../inputs/live/parse.js';
import { includesChange, parseVersion } from '../../versions/version.js';
import { commandKey, commandStatus, releaseLabel } from '../commands.js';
import { applicationClients } from './client-versions.js';
import type { NodeSnapshot } from '../../inputs/live/snapshot.js';

/**
 * Which connected clients sent the command last (CLIENT LIST `cmd`, with lib-name/lib-ver from 7.2),
 * as `; last sent by 2× redis-py 5.0.1 (10.0.0.7:53211, …)`: the library to look at in the code.
 */
function lastSentBy(n: NodeSnapshot, command: string): string {
  const by = new Map<string, string[]>();
  for (const c of applicationClients(n)) {
    if (!c.cmd || commandKey(c.cmd) !== command) continue;
    const lib = c['lib-name'] ? `${c['lib-name']} ${c['lib-ver'] ?? ''}`.trim() : 'a client without CLIENT SETINFO';
    by.set(lib, [...(by.get(lib) ?? []), c.addr ?? '?']);
  }
  if (!by.size) return '';
  return `; last sent by ${[...by].sort().map(([lib, addrs]) => `${addrs.length}× ${lib} (${addrs.slice(0, 3).join(', ')}${addrs.length > 3 ? ', …' : ''})`).join('; ')}`;
}

/**
 * Commands the application really sends (INFO commandstats) that the target deprecates or lacks:
 * deprecated on the path → one hit each with the call count; absent from the target flavor → the
 * `missing` hits (used by a separate rule).
 */
function commandUse(kind: 'deprecated' | 'missing'): LiveCheck {
  return (snap, ctx) => {
    const hits: Hit[] = [];
    const byAddress = new Map(snap.nodes.map((n) => [n.address, n]));
    for (const n of snap.nodes) {
      // A replica counts the writes its master propagates: a command its master also counts is the
      // master's finding; what only the replica counts, clients sent to the replica.
      const master = nodeRole(n) === 'replica' ? byAddress.get(masterOf(n) ?? '') : undefined;
      for (const [field, value] of Object.entries(n.info.commandstats ?? {})) {
        const name = commandKey(field);
        const calls = num(parseInfoValue(value).calls);
        if (master && num(parseInfoValue(master.info.commandstats?.[field] ?? '').calls) > 0) continue;
        const target = ctx.path.target;
        const status = commandStatus(ctx.index.commands, name, target);
        if (!status.known || calls === 0) continue;
        if (kind === 'missing') {
          // A module command is the module's story (modules.target-change), not the core server's.
          if (!status.exists && !status.module) {
            const since = status.since ? `${target.flavor} ${status.since}` : `no ${target.flavor} release`;
            hits.push(nodeHit(n, field, `${field}:${value}${lastSentBy(n, name)}`, { command: name.toUpperCase(), calls: String(calls), since }, `missing:${name}`));
          }
          continue;
        }
        const dep = status.deprecated;
        if (dep) {
          hits.push(nodeHit(n, field, `${field}:${value}${lastSentBy(n, name)}`, {
            command: name.toUpperCase(), calls: String(calls), since: releaseLabel(target.flavor, dep.since), replacement: dep.replacedBy,
          }, `dep:${name}`));
        }
      }
    }
    return hits;
  };
}

export const deprecatedCommandsUsed = commandUse('deprecated');
export const missingCommandsUsed = commandUse('missing');

/** Module names of the modules Redis 8.0 bundles (MODULE LIST names). */
const BUNDLED_IN_REDIS_8 = new Set(['search', 'ft', 'rejson', 'timeseries', 'bf', 'redisgears_2']);

/** Loaded modules the target changes the story for: bundled in Redis 8, or a Redis module on Valkey. */
export const modulesVsTarget: LiveCheck = (snap, ctx) =>
  snap.nodes.flatMap((n) => (n.modules ?? []).flatMap((m) => {
    const t = ctx.path.target;
    if (t.flavor === 'redis' && includesChange(t, parseVersion('8.0.0')) && BUNDLED_IN_REDIS_8.has(m.name.toLowerCase())) {
      return [nodeHit(n, `module:${m.name}`, `${m.name} ${m.version}${m.path ? ` (${m.path})` : ''}`, { module: m.name, problem: 'Redis 8.0 bundles this module: remove the loadmodule line and use the built-in one' }, `mod:${m.name}`)];
    }
    if (t.flavor === 'valkey' && ctx.path.from.flavor === 'redis') {
      return [nodeHit(n, `module:${m.name}`, `${m.name} ${m.version}`, { module: m.name, problem: 'Valkey loads Redis modules through its Redis-compatible module API; get a build of this module tested with Valkey (Redis Stack modules are not part of Valkey)' }, `mod:${m.name}`)];
    }
    return [];
  }));

/** Client libraries connected (CLIENT LIST lib-name/lib-ver, Redis 7.2+): what will reconnect during the roll. */
export const clientLibraries: LiveCheck = (snap) =>
  snap.nodes.flatMap((n) => {
    const libs = new Map<string, number>();
    for (const c of applicationClients(n)) {
      const lib = c['lib-name'] ? `${c['lib-name']} ${c['lib-ver'] ?? ''}`.trim() : 'unidentified (no CLIENT SETINFO)';
      const key = `${lib}, RESP${c.resp ?? '2'}`;
      libs.set(key, (libs.get(key) ?? 0) + 1);
    }
    if (!libs.size) return [];
    const list = [...libs].sort().map(([l, k]) => `${k}× ${l}`).join('; ');
    return [nodeHit(n, 'clients', list, { clients: list }, 'clients')];
  });
