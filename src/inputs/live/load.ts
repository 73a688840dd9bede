import { readFileSync } from 'node:fs';
import { messageOf, UsageError } from '../../errors.js';
import { parseRedisUrl, type ConnectOptions } from './connection.js';
import { endpointOf, discover } from './topology.js';
import { redactUrl } from './redact.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './snapshot.js';

export interface LiveOptions {
  /** ms */
  connectTimeout: number;
  /** ms */
  commandTimeout: number;
  concurrency: number;
  tls?: { ca?: string; cert?: string; key?: string };
  /** HOST:PORT of one Sentinel, with the name of the monitored master. */
  sentinel?: string;
  masterName?: string;
}

/**
 * Collects a deployment from one URL (or from a Sentinel). Never throws for an unreachable
 * node: it is in the snapshot with `reachable: false`.
 * @throws UsageError for a malformed URL or a Sentinel without --master-name.
 */
export async function collectLive(url: string, opts: LiveOptions): Promise<Snapshot> {
  const parsed = parseRedisUrl(url);
  const connect: ConnectOptions = {
    connectTimeout: opts.connectTimeout,
    commandTimeout: opts.commandTimeout,
    ...(parsed.username ? { username: parsed.username } : {}),
    ...(parsed.password ? { password: parsed.password } : {}),
    ...(parsed.tls || opts.tls ? { tls: opts.tls ?? true } : {}),
  };
  let sentinel: { endpoint: ReturnType<typeof endpointOf>; masterName: string } | undefined;
  if (opts.sentinel) {
    if (!opts.masterName) throw new UsageError('--sentinel needs --master-name');
    if (!/^[^\s]+:\d+$/.test(opts.sentinel)) throw new UsageError(`--sentinel '${opts.sentinel}' is not HOST:PORT`);
    sentinel = { endpoint: endpointOf(opts.sentinel), masterName: opts.masterName };
  }
  return discover(url, parsed.endpoint, { ...connect, concurrency: opts.concurrency, ...(sentinel ? { sentinel } : {}) });
}

/**
 * Reads a snapshot written by `redis-upgrade-lint snapshot`.
 * @throws Error with a one-line message naming the file when it is not such a snapshot.
 */
export function readSnapshotFile(file: string): Snapshot {
  let doc: Snapshot;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch (err) {
    throw new Error(`${file}: not a snapshot: ${messageOf(err).split('\n')[0]}`);
  }
  if (doc?.kind !== 'redis-upgrade-lint-snapshot' || !Array.isArray(doc.nodes)) throw new Error(`${file}: not a redis-upgrade-lint snapshot (no kind/nodes)`);
  if (String(doc.schemaVersion).split('.')[0] !== SNAPSHOT_SCHEMA_VERSION.split('.')[0]) {
    throw new Error(`${file}: snapshot schema ${doc.schemaVersion} is not supported (this version reads ${SNAPSHOT_SCHEMA_VERSION})`);
  }
  doc.sentinels ??= [];
  return doc;
}

export { redactUrl };
