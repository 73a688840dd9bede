import type { NodeSnapshot } from '../../inputs/live/snapshot.js';
import { parseInfoValue } from '../../inputs/live/parse.js';
import { formatVersion } from '../../versions/version.js';
import type { Hit } from '../context.js';
import { nodeHit, type LiveCheck } from './context.js';
import { nodeRole, nodeVersion, num } from './node-facts.js';

/**
 * The default user is on with no password while protected-mode is off: anyone who reaches the port
 * is admin. Before 6.0 there is no ACL LIST: the default user is the only one and its password is
 * `requirepass` (empty when unset; the collector redacts a set one), so that is read instead.
 */
export const openDefaultUser: LiveCheck = (snap) =>
  snap.nodes.filter((n) => nodeRole(n) !== 'sentinel' && n.config?.['protected-mode'] === 'no')
    .flatMap((n) => {
      if ((n.acl ?? []).some((u) => /^user default on\b.*\bnopass\b/.test(u))) {
        return [nodeHit(n, 'acl:default', 'user default on nopass; protected-mode no', {})];
      }
      const v = nodeVersion(n);
      if (!n.acl && v?.flavor === 'redis' && v.major < 6 && n.config?.requirepass === '') {
        return [nodeHit(n, 'requirepass', 'requirepass ""; protected-mode no (no ACL before 6.0)', {}, 'acl:default')];
      }
      return [];
    });

/**
 * Commands renamed or disabled with rename-command (or refused by ACL): the collector could not
 * run them. Commands the node's version does not have were not sent; they are only listed under
 * "Not checked" (runCheck adds every skipped command there).
 */
export const refusedCommands: LiveCheck = (snap) =>
  // An unreachable node is live.unreachable-node's finding, with its reason: not a refused command too.
  [...snap.nodes, ...snap.sentinels].filter((n) => n.reachable).flatMap((n) => n.skipped.filter((s) => !s.notInVersion)
    .map((s) => nodeHit(n, s.command, `${s.command}: ${s.reason}`, { command: s.command, reason: s.reason }, `skip:${s.command}`)));

/** One ACL LIST entry: `user NAME rule…` split on spaces (ACL LIST prints no quoted rules). */
export interface AclUser {
  name: string;
  rules: string[];
}

/** The users of a node's ACL LIST (absent before 6.0 or when ACL LIST was refused). */
export function aclUsers(n: NodeSnapshot): AclUser[] {
  return (n.acl ?? []).map((line) => line.split(' ').filter(Boolean))
    .filter((t) => t[0] === 'user' && t[1] !== undefined)
    .map((t) => ({ name: t[1] as string, rules: t.slice(2) }));
}

/**
 * The commands whose channel arguments ACLs check (PUBLISH, SUBSCRIBE, PSUBSCRIBE:
 * ACLCheckAllPerm in redis/redis 6.2.16 src/acl.c), with their ACL categories on 6.0 and 6.2:
 * `pub-sub` makes @pubsub, `fast` makes @fast and every other command is @slow (command table and
 * populateCommandTableParseFlags in src/server.c at 6.0.20 and 6.2.16).
 */
const CHANNEL_COMMANDS: Record<string, readonly string[]> = {
  publish: ['pubsub', 'fast'],
  subscribe: ['pubsub', 'slow'],
  psubscribe: ['pubsub', 'slow'],
};

/**
 * Which of PUBLISH, SUBSCRIBE and PSUBSCRIBE a user's command rules allow, applied in order as
 * ACLSetUser does (`+@all`/`allcommands`, `-@all`/`nocommands`, `±@category`, `±command`).
 * @returns lowercase command names, in CHANNEL_COMMANDS order.
 */
export function channelCommandsAllowed(rules: readonly string[]): string[] {
  const allowed = new Set<string>();
  const names = Object.keys(CHANNEL_COMMANDS);
  for (const raw of rules) {
    const r = raw.toLowerCase();
    if (r === '+@all' || r === 'allcommands') names.forEach((c) => allowed.add(c));
    else if (r === '-@all' || r === 'nocommands') allowed.clear();
    else if (/^[+-]@/.test(r)) {
      for (const c of names) if (CHANNEL_COMMANDS[c]?.includes(r.slice(2))) (r[0] === '+' ? allowed.add(c) : allowed.delete(c));
    } else if (/^[+-][a-z]/.test(r) && !r.includes('|') && CHANNEL_COMMANDS[r.slice(1)]) {
      if (r[0] === '+') allowed.add(r.slice(1)); else allowed.delete(r.slice(1));
    }
  }
  return names.filter((c) => allowed.has(c));
}

/** A password rule as ACL LIST prints it (`nopass`, `#<hash>`, redacted or not). */
const isPassword = (r: string) => r === 'nopass' || r.startsWith('#');

/**
 * The default user as the server creates it when no `user default` line or aclfile entry defines
 * it (ACLInitDefaultUser in src/acl.c: `+@all ~* on nopass`, with `&*` from 6.2), requirepass
 * giving it a password. 7.0 still creates it with `&*` (ACLCreateDefaultUser), so it keeps its channels.
 */
function builtInDefault(u: AclUser, channelAcl: boolean): boolean {
  const rest = u.rules.filter((r) => !isPassword(r)).sort().join(' ');
  return u.name === 'default' && rest === (channelAcl ? ['on', '~*', '&*', '+@all'] : ['on', '~*', '+@all']).sort().join(' ');
}

/** Where a node's users are defined: its aclfile, or the `user` lines of its configuration file. */
function definitionsOf(n: NodeSnapshot): string {
  const aclfile = n.config?.aclfile;
  if (aclfile) return `the aclfile ${aclfile}`;
  const file = n.info.server?.config_file;
  return `the user lines of ${file ? file : 'the configuration file'}`;
}

/** `3 PUBLISH, 1 SUBSCRIBE` from INFO commandstats, or '' when there were none. */
function channelTraffic(n: NodeSnapshot): string {
  return Object.keys(CHANNEL_COMMANDS).map((c) => [c, num(parseInfoValue(n.info.commandstats?.[`cmdstat_${c}`] ?? '').calls)] as const)
    .filter(([, calls]) => calls > 0).map(([c, calls]) => `${calls} ${c.toUpperCase()}`).join(', ');
}

/**
 * Users of a node below 7.0 that can run channel commands on every channel now and would lose
 * that when re-created from their definitions on 7.0 or later, where acl-pubsub-default is
 * resetchannels (redis/redis 7.0 00-RELEASENOTES, #10181; createEnumConfig default 0 in 7.0.0
 * src/config.c, USER_FLAG_ALLCHANNELS in 6.2.16). Disabled users and users without PUBLISH,
 * SUBSCRIBE or PSUBSCRIBE are left out; the default user too when it is the built-in one and no
 * aclfile is set (an aclfile may define it, as ACL SAVE writes every user).
 * - 6.2 (`channelAcl`): users ACL LIST shows with `&*` while acl-pubsub-default is allchannels.
 *   ACL LIST prints `&*` both for an explicit `&*`/`allchannels` and for the default
 *   (ACLDescribeUser), so the definition decides; a node set to resetchannels is skipped.
 * - 6.0: no channel permissions exist (no `&` rules, no acl-pubsub-default in 6.0.20 src/acl.c),
 *   so every such user reaches every channel and no 6.0 definition can say so.
 */
function pubsubDefaultUsers(channelAcl: boolean): LiveCheck {
  return (snap) => {
    const hits: Hit[] = [];
    for (const n of snap.nodes) {
      const v = nodeVersion(n);
      if (!n.acl || nodeRole(n) === 'sentinel' || v?.flavor !== 'redis' || v.major !== 6 || (v.minor >= 2) !== channelAcl) continue;
      const pubsubDefault = n.config?.['acl-pubsub-default'];
      if (channelAcl && pubsubDefault !== 'allchannels') continue;
      const users = aclUsers(n).filter((u) => u.rules.includes('on') && channelCommandsAllowed(u.rules).length > 0
        && (!channelAcl || u.rules.includes('&*'))
        && !(builtInDefault(u, channelAcl) && !n.config?.aclfile));
      if (!users.length) continue;
      const traffic = channelTraffic(n);
      const shown = users.map((u) => u.name);
      const lines = users.slice(0, 10).map((u) => `user ${u.name} ${u.rules.join(' ')}`);
      const evidence = [`redis ${v.major}.${v.minor}.${v.patch}`, ...(channelAcl ? [`acl-pubsub-default ${pubsubDefault}`] : []),
        `ACL LIST: ${lines.join('; ')}${users.length > lines.length ? `; and ${users.length - lines.length} more` : ''}`,
        `INFO commandstats: ${traffic || 'no PUBLISH, SUBSCRIBE or PSUBSCRIBE calls'}`].join('; ');
      hits.push({
        ...nodeHit(n, 'acl-pubsub-default', evidence, {
          version: formatVersion(v),
          users: shown.join(', '),
          who: `${shown.length === 1 ? 'user' : 'users'} ${shown.join(', ')}`,
          count: String(users.length),
          pubsubDefault: pubsubDefault ?? '',
          where: definitionsOf(n),
          traffic: traffic
            ? `INFO commandstats counts ${traffic} calls on this node since its last restart: Pub/Sub is in use`
            : 'INFO commandstats counts no PUBLISH, SUBSCRIBE or PSUBSCRIBE call on this node since its last restart (or CONFIG RESETSTAT)',
        }, 'pubsub-default'),
        subject: 'directive:acl-pubsub-default',
      });
    }
    return hits;
  };
}

/** 6.2 nodes: users whose `&*` may come from acl-pubsub-default allchannels (rule acl.pubsub-default-live). */
export const pubsubDefaultLive = pubsubDefaultUsers(true);
/** 6.0 nodes: users with channel commands, which no 6.0 definition can give channels (rule acl.pubsub-before-channel-acl). */
export const pubsubBeforeChannelAcl = pubsubDefaultUsers(false);
