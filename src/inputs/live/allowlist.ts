/**
 * The only commands the live collector may send, with the subcommands allowed for container
 * commands. All are read-only and non-blocking on every server version (no KEYS, no DEBUG, no
 * CONFIG SET, no MONITOR, no SCAN). AUTH is the connection's own handshake.
 */
const ALLOWED: Record<string, true | readonly string[]> = {
  AUTH: true,
  PING: true,
  HELLO: true,
  INFO: true,
  ROLE: true,
  CONFIG: ['GET'],
  ACL: ['LIST', 'WHOAMI'],
  CLIENT: ['LIST', 'INFO'],
  MODULE: ['LIST'],
  CLUSTER: ['INFO', 'NODES', 'SHARDS', 'MYID'],
  COMMAND: ['COUNT', 'DOCS', 'INFO'],
  SENTINEL: ['MASTERS', 'MASTER', 'PRIMARIES', 'PRIMARY', 'REPLICAS', 'SLAVES', 'SENTINELS', 'CKQUORUM',
    'GET-MASTER-ADDR-BY-NAME', 'GET-PRIMARY-ADDR-BY-NAME', 'MYID', 'INFO-CACHE'],
};

export class RefusedCommandError extends Error {
  override readonly name = 'RefusedCommandError';
}

/** True when `command [subcommand]` is on the allowlist. */
export function isAllowed(command: string, args: readonly string[] = []): boolean {
  const rule = ALLOWED[command.toUpperCase()];
  if (rule === undefined) return false;
  if (rule === true) return true;
  const sub = args[0]?.toUpperCase();
  return sub !== undefined && rule.includes(sub);
}

/** Throws RefusedCommandError for anything not on the allowlist: called before a command reaches the socket. */
export function assertAllowed(command: string, args: readonly string[] = []): void {
  if (!isAllowed(command, args)) {
    throw new RefusedCommandError(`refused by the read-only allowlist: ${[command, args[0]].filter(Boolean).join(' ')}`);
  }
}

/** Every allowed `COMMAND SUBCOMMAND` pair, for tests and documentation. */
export function allowedCommands(): string[] {
  return Object.entries(ALLOWED).flatMap(([c, r]) => (r === true ? [c] : r.map((s) => `${c} ${s}`)));
}
