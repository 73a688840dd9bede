import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import { messageOf, UsageError } from '../../errors.js';
import { assertAllowed } from './allowlist.js';

export interface ConnectOptions {
  /** ms */
  connectTimeout: number;
  /** ms */
  commandTimeout: number;
  username?: string;
  password?: string;
  tls?: { ca?: string; cert?: string; key?: string } | boolean;
}

export interface Endpoint { host: string; port: number }

/**
 * Parses a redis:// or rediss:// URL (ioredis form: `redis://user:pass@host:port/db`). The
 * password may also come from REDISCLI_AUTH, as with redis-cli.
 * @throws UsageError for another scheme or a malformed URL.
 */
export function parseRedisUrl(url: string, env: NodeJS.ProcessEnv = process.env): { endpoint: Endpoint; username?: string; password?: string; tls: boolean } {
  let u: URL;
  try {
    u = new URL(url.includes('://') ? url : `redis://${url}`);
  } catch {
    throw new UsageError(`'${url.replace(/:[^:@/]*@/, ':<redacted>@')}' is not a redis:// URL`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new UsageError(`unsupported scheme '${u.protocol}' (use redis:// or rediss://)`);
  const out: { endpoint: Endpoint; username?: string; password?: string; tls: boolean } = {
    endpoint: { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || 6379) },
    tls: u.protocol === 'rediss:',
  };
  if (u.username) out.username = decodeURIComponent(u.username);
  const password = u.password ? decodeURIComponent(u.password) : env.REDISCLI_AUTH;
  if (password) out.password = password;
  return out;
}

/**
 * One read-only connection to one node. Every command goes through the allowlist before it can
 * reach the socket; ioredis is configured to send nothing of its own beyond AUTH (no ready check,
 * no CLIENT SETINFO, no SELECT, no retries, no offline queue).
 */
export class ReadOnlyConnection {
  private readonly redis: Redis;

  constructor(readonly endpoint: Endpoint, opts: ConnectOptions) {
    const options: RedisOptions = {
      host: endpoint.host,
      port: endpoint.port,
      lazyConnect: true,
      enableReadyCheck: false,
      enableOfflineQueue: true,
      disableClientInfo: true,
      // RESP2: no HELLO handshake, so servers older than 6.0 answer too.
      protocol: 2,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      connectTimeout: opts.connectTimeout,
      commandTimeout: opts.commandTimeout,
    };
    if (opts.username) options.username = opts.username;
    if (opts.password) options.password = opts.password;
    if (opts.tls) {
      const t = opts.tls === true ? {} : opts.tls;
      options.tls = {
        ...(t.ca ? { ca: readFileSync(t.ca) } : {}),
        ...(t.cert ? { cert: readFileSync(t.cert) } : {}),
        ...(t.key ? { key: readFileSync(t.key) } : {}),
      };
    }
    this.redis = new Redis(options);
    this.redis.on('error', () => { /* reported through the failing command */ });
  }

  get address(): string {
    return this.endpoint.host.includes(':') ? `[${this.endpoint.host}]:${this.endpoint.port}` : `${this.endpoint.host}:${this.endpoint.port}`;
  }

  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (err) {
      throw new Error(`${this.address}: cannot connect: ${messageOf(err)}`);
    }
  }

  /** Sends an allowlisted command. @throws RefusedCommandError before sending anything else. */
  async call(command: string, ...args: string[]): Promise<unknown> {
    assertAllowed(command, args);
    return this.redis.call(command, ...args);
  }

  close(): void {
    this.redis.disconnect();
  }
}
