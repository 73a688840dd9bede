import { nodeHit, type LiveCheck } from './context.js';
import { nodeRole } from './node-facts.js';

/** The default user is on with no password while protected-mode is off: anyone who reaches the port is admin. */
export const openDefaultUser: LiveCheck = (snap) =>
  snap.nodes.filter((n) => nodeRole(n) !== 'sentinel' && n.config?.['protected-mode'] === 'no'
    && (n.acl ?? []).some((u) => /^user default on\b.*\bnopass\b/.test(u)))
    .map((n) => nodeHit(n, 'acl:default', 'user default on nopass; protected-mode no', {}));

/** Commands renamed or disabled with rename-command (or refused by ACL): the collector could not run them. */
export const refusedCommands: LiveCheck = (snap) =>
  [...snap.nodes, ...snap.sentinels].flatMap((n) => n.skipped.map((s) => nodeHit(n, s.command, `${s.command}: ${s.reason}`, { command: s.command, reason: s.reason }, `skip:${s.command}`)));
