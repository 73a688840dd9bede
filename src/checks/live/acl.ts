import { nodeHit, type LiveCheck } from './context.js';
import { nodeRole, nodeVersion } from './node-facts.js';

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
  [...snap.nodes, ...snap.sentinels].flatMap((n) => n.skipped.filter((s) => !s.notInVersion)
    .map((s) => nodeHit(n, s.command, `${s.command}: ${s.reason}`, { command: s.command, reason: s.reason }, `skip:${s.command}`)));
