import { readFileSync } from 'node:fs';
import type { Redis, RedisOptions } from 'ioredis';
import { messageOf, UsageError } from '../../errors.js';
import { assertAllowed } from './allowlist.js';
import { lazyRequire } from '../../lazy.js';

const ioredis = lazyRequire<typeof import('ioredis')>('ioredis');

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
 * A socket error on one line: OpenSSL's `…:SSL routines:ssl3_read_bytes:tlsv13 alert certificate
 * required:../ssl/record/rec_layer_s3.c:1601:SSL alert number 116` becomes `TLS: tlsv13 alert certificate required`.
 */
function socketError(message: string): string {
  const ssl = /SSL routines:[^:]*:([^:]+):/.exec(message);
  return ssl ? `TLS: ${ssl[1]}` : message.split('\n')[0] as string;
}

/**
 * One read-only connection to one node. Every command goes through the allowlist before it can
 * reach the socket; ioredis is configured to send nothing of its own beyond AUTH (no ready check,
 * no CLIENT SETINFO, no SELECT, no retries, no offline queue).
 */
export class ReadOnlyConnection {
  private readonly redis: Redis;
  /** The last error the socket reported: a TLS handshake failure only shows here, the connect itself just sees the close. */
  private lastError?: string;

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
    this.redis = new (ioredis().Redis)(options);
    this.redis.on('error', (err: unknown) => { this.lastError = socketError(messageOf(err)); /* reported through the failing command */ });
  }

  get address(): string {
    return this.endpoint.host.includes(':') ? `[${this.endpoint.host}]:${this.endpoint.port}` : `${this.endpoint.host}:${this.endpoint.port}`;
  }

  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (err) {
      throw new Error(`${this.address}: cannot connect: ${this.lastError ?? messageOf(err)}`);
    }
  }

  /** Sends an allowlisted command. @throws RefusedCommandError before sending anything else. */
  async call(command: string, ...args: string[]): Promise<unknown> {
    assertAllowed(command, args);
    try {
      return await this.redis.call(command, ...args);
    } catch (err) {
      // A connection the server closed (a client certificate it refused) says why in the socket's error only.
      if (this.lastError && /Connection is closed/.test(messageOf(err))) throw new Error(`${messageOf(err)} (${this.lastError})`);
      throw err;
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
