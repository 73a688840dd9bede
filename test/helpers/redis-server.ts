import { binaryVersion } from '../../src/inputs/boot/binary.js';
import { bootServer } from '../../src/inputs/boot/boot.js';

export { freePort } from '../../src/inputs/boot/ports.js';

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** The version the binary reports, e.g. `7.0.15`; throws when the binary is missing. */
export function serverVersion(bin = REDIS_SERVER): string {
  try {
    return binaryVersion(bin).version;
  } catch (err) {
    throw new Error(`${(err as Error).message}: install it with apt-get install redis-server`);
  }
}

export interface BootResult { started: boolean; output: string }

/**
 * Boots a configuration with the product's own booter (src/inputs/boot/boot.ts: a copy in a
 * temporary directory, a free loopback port, nothing outside it touched) and reports whether the
 * server came up or exited. Throws when it did neither within the timeout, so a test never
 * mistakes a slow start for a refusal.
 */
export async function bootWith(conf: string, opts: { cwd: string; sentinel?: boolean; bin?: string; timeoutMs?: number }): Promise<BootResult> {
  const facts = await bootServer(opts.bin ?? REDIS_SERVER, conf, { cwd: opts.cwd, sentinel: opts.sentinel, timeoutMs: opts.timeoutMs });
  if (facts.outcome === 'no-answer') throw new Error(`${conf}: the server neither started nor exited in time:\n${facts.output}`);
  return { started: facts.started, output: facts.output };
}
