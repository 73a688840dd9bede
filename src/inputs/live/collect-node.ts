import { messageOf } from '../../errors.js';
import { RefusedCommandError } from './allowlist.js';
import type { ReadOnlyConnection } from './connection.js';
import { parseClientList, parseClusterNodes, parseInfo } from './parse.js';
import { CLIENT_FIELDS, redactAclRule, REDACTED, SECRET_CONFIGS } from './redact.js';
import type { NodeSnapshot, SentinelView, Skipped } from './snapshot.js';

function text(reply: unknown): string {
  return Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply ?? '');
}

function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const key = text(reply[i]);
    out[key] = /pass/i.test(key) && key !== 'requirepass' ? REDACTED : text(reply[i + 1]);
  }
  return out;
}

/** Why a command failed, in words an operator acts on. */
export function skipReason(err: unknown): string {
  const msg = messageOf(err);
  if (err instanceof RefusedCommandError) return msg;
  if (/NOPERM/i.test(msg)) return `no permission (ACL): ${msg}`;
  if (/unknown command/i.test(msg)) return `unknown command: renamed or disabled with rename-command, or not in this server version (${msg})`;
  if (/unknown subcommand|syntax error|wrong number/i.test(msg)) return `not supported by this server version (${msg})`;
  if (/timeout|timed out/i.test(msg)) return `timed out (${msg})`;
  if (/NOAUTH|WRONGPASS|invalid password/i.test(msg)) return `${msg} (give the password in the URL or in REDISCLI_AUTH, the user as redis://user@host:port)`;
  return msg;
}

async function attempt<T>(skipped: Skipped[], command: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    skipped.push({ command, reason: skipReason(err) });
    return undefined;
  }
}

/**
 * Collects what one node tells about itself with allowlisted read-only commands. Never throws:
 * an unreachable node comes back with `reachable: false`, a refused command as a `skipped` entry.
 */
export async function collectNode(conn: ReadOnlyConnection): Promise<NodeSnapshot> {
  const node: NodeSnapshot = { address: conn.address, reachable: false, info: {}, skipped: [] };
  try {
    await conn.connect();
  } catch (err) {
    // The node's address is beside the error wherever it is shown.
    const message = messageOf(err);
    node.error = message.startsWith(`${conn.address}: `) ? message.slice(conn.address.length + 2) : message;
    return node;
  }
  try {
    const s = node.skipped;
    // Plain INFO only when the server refused INFO all as such (old versions): a timeout or an
    // authentication error would only cost a second wait or say the same thing twice.
    let infoText = await attempt(s, 'INFO all', async () => text(await conn.call('INFO', 'all')));
    if (infoText === undefined && /^not supported|^unknown command/.test(s[s.length - 1]?.reason ?? '')) {
      infoText = await attempt(s, 'INFO', async () => text(await conn.call('INFO')));
    }
    if (infoText === undefined) {
      node.error = `INFO failed: ${[...new Set(s.map((x) => x.reason))].join('; ')}`;
      return node;
    }
    node.reachable = true;
    node.info = parseInfo(infoText);
    const sentinelMode = node.info.server?.redis_mode === 'sentinel';
    if (sentinelMode) {
      node.sentinel = await collectSentinel(conn, s);
      return node;
    }
    const config = await attempt(s, 'CONFIG GET *', async () => pairs(await conn.call('CONFIG', 'GET', '*')));
    if (config) {
      for (const k of Object.keys(config)) if (SECRET_CONFIGS.has(k) && config[k]) config[k] = REDACTED;
      node.config = Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b)));
    }
    const version = node.info.server?.redis_version ?? '0';
    const major = Number(version.split('.')[0]);
    if (major >= 6) {
      const acl = await attempt(s, 'ACL LIST', async () => (await conn.call('ACL', 'LIST') as unknown[]).map(text));
      if (acl) node.acl = acl.map(redactAclRule);
    } else {
      // ACL arrived in 6.0 (redis/redis has no src/acl.c before 6.0.0): not asked, but listed.
      s.push({ command: 'ACL LIST', reason: `not in redis ${version} (ACL arrived in 6.0): no users to list, requirepass is its only authentication`, notInVersion: true });
    }
    const clients = await attempt(s, 'CLIENT LIST', async () => parseClientList(text(await conn.call('CLIENT', 'LIST'))));
    if (clients) node.clients = clients.map((c) => Object.fromEntries(CLIENT_FIELDS.filter((f) => f in c).map((f) => [f, c[f] as string])));
    if (major >= 4) {
      const modules = await attempt(s, 'MODULE LIST', async () => conn.call('MODULE', 'LIST'));
      if (Array.isArray(modules)) {
        node.modules = modules.map((m) => pairs(m)).map((m) => ({ name: m.name ?? '', version: m.ver ?? '', ...(m.path ? { path: m.path } : {}) }));
      }
    } else {
      // Modules arrived in 4.0 (no src/module.c before 4.0.0): such a server loads none.
      s.push({ command: 'MODULE LIST', reason: `not in redis ${version} (modules arrived in 4.0): it cannot load modules`, notInVersion: true });
    }
    if (node.info.cluster?.cluster_enabled === '1') {
      const ci = await attempt(s, 'CLUSTER INFO', async () => text(await conn.call('CLUSTER', 'INFO')));
      if (ci) node.clusterInfo = parseInfo(ci).default ?? {};
      const cn = await attempt(s, 'CLUSTER NODES', async () => text(await conn.call('CLUSTER', 'NODES')));
      if (cn) node.clusterNodes = parseClusterNodes(cn);
    }
    return node;
  } finally {
    conn.close();
  }
}

async function collectSentinel(conn: ReadOnlyConnection, s: Skipped[]): Promise<SentinelView[]> {
  const masters = await attempt(s, 'SENTINEL MASTERS', async () => (await conn.call('SENTINEL', 'MASTERS') as unknown[]).map(pairs)) ?? [];
  const views: SentinelView[] = [];
  for (const m of masters) {
    const name = m.name ?? '';
    const replicas = await attempt(s, `SENTINEL REPLICAS ${name}`, async () => (await conn.call('SENTINEL', 'REPLICAS', name) as unknown[]).map(pairs))
      ?? await attempt(s, `SENTINEL SLAVES ${name}`, async () => (await conn.call('SENTINEL', 'SLAVES', name) as unknown[]).map(pairs)) ?? [];
    const sentinels = await attempt(s, `SENTINEL SENTINELS ${name}`, async () => (await conn.call('SENTINEL', 'SENTINELS', name) as unknown[]).map(pairs)) ?? [];
    let ckquorum: string | undefined;
    try {
      ckquorum = text(await conn.call('SENTINEL', 'CKQUORUM', name));
    } catch (err) {
      ckquorum = `ERR ${messageOf(err)}`;
    }
    views.push({ name, master: m, replicas, sentinels, ckquorum });
  }
  return views;
}
