import { createServer } from 'node:net';

/** Listens on 127.0.0.1:port and closes again; resolves the port bound, or null when it is taken. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(null));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const bound = (s.address() as { port: number }).port;
      s.close(() => resolve(bound));
    });
  });
}

/** A free loopback TCP port chosen by the kernel. */
export async function freePort(): Promise<number> {
  const p = await tryListen(0);
  if (p === null) throw new Error('no free TCP port on 127.0.0.1');
  return p;
}

/**
 * A free loopback port P whose cluster bus port P+10000 is free too and below 65536: a server with
 * cluster-enabled yes and no cluster-port listens on both (redis/redis src/cluster.c clusterInit:
 * "Redis port number too high" above 55535), so any boot may need the pair.
 * @throws Error when no such pair is found after a bounded number of tries.
 */
export async function freePortWithBus(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    // The kernel's ephemeral range often lies above 55535; fall back to random ports below it.
    const p = i < 10 ? await tryListen(0) : await tryListen(20000 + Math.floor(Math.random() * 35000));
    if (p !== null && p <= 55535 && (await tryListen(p + 10000)) !== null) return p;
  }
  throw new Error('no free pair of TCP ports P and P+10000 on 127.0.0.1');
}
