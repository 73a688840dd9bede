import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientLibraryTooOld, connectedLibraries } from '../../src/checks/live/client-versions.js';
import { checkKnownBadClients } from '../../src/checks/live/known-bad-clients.js';
import { clientLibraries } from '../../src/checks/live/usage.js';
import { collectLive, readSnapshotFile } from '../../src/inputs/live/load.js';
import type { Snapshot } from '../../src/inputs/live/snapshot.js';
import { cli } from '../helpers/cli.js';
import { builtinIndex, liveContext } from '../helpers/live-context.js';
import { freePort } from '../helpers/redis-server.js';
import { startStandalone } from '../helpers/topology.js';

/**
 * Recorded with `redis-upgrade-lint snapshot` from a Redis 7.4.1 built from source, with a real
 * ioredis 6.0.0 client and raw connections that sent CLIENT SETINFO with the lib-name / lib-ver
 * values the libraries send per their sources (rules/clients/*.yaml library.libNames): go-redis
 * 9.5.0 (twice) and 9.7.3, Lettuce 6.3.2, Jedis 4.4.3, redis-py 5.0.1 and 6.2.0 (with a
 * django-redis upstream driver), node-redis (@redis/client 1.5.12), ioredis 5.8.1, and one
 * connection without CLIENT SETINFO.
 */
const CLIENTS = 'fixtures/snapshots/redis-7.4-connected-clients.json';
const snap = readSnapshotFile(CLIENTS);
const node = snap.nodes[0]?.address as string;

function knownBad(target: string, s: Snapshot = snap) {
  return checkKnownBadClients([s], builtinIndex().rules, liveContext('redis@7.4.1', target));
}

describe('connected clients by library release (recorded CLIENT LIST of Redis 7.4.1)', () => {
  it('maps lib-name (with its suffixes) to the packs, and reads lib-ver as a version', () => {
    const groups = connectedLibraries(snap.nodes[0]!, builtinIndex().packs);
    const seen = groups.map((g) => `${g.pack.name} ${g.version} ×${g.addresses.length}${g.comparable ? '' : ' (not compared)'}`);
    expect(seen).toEqual([
      'go-redis 9.5.0 ×2', 'go-redis 9.7.3 ×1', 'ioredis 5.8.1 ×1', 'ioredis 6.0.0 ×1', 'jedis 4.4.3 ×1', 'lettuce 6.3.2 ×1',
      'node-redis 1.5.12 ×1 (not compared)', 'redis-py 5.0.1 ×1', 'redis-py 6.2.0 ×1',
    ]);
    expect(groups.find((g) => g.pack.name === 'go-redis' && g.reported === '9.5.0')?.names).toEqual(['go-redis(,go1.21.0)']);
  });

  it('clients.library-too-old fires for Jedis 4.4.3 with target 7.4 (needs 5.0.0), and not with 7.2 (needs 4.0.0)', () => {
    const on74 = cli(['check', '--snapshot', CLIENTS, '--target', 'redis@7.4', '--format', 'json', '--only', 'clients.library-too-old']);
    const findings = JSON.parse(on74.stdout).findings as { ruleId: string; message: string; evidence: string; location: { instance: string }; subject?: string; references: unknown[] }[];
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'clients.library-too-old', location: { instance: node, field: 'clients' }, subject: 'library:jedis' });
    expect(findings[0]?.message).toMatch(/has 1 client of jedis 4\.4\.3, older than 5\.0\.0, the lowest jedis release that supports the target redis@7\.4 \(README\.md@v7\.5\.3/);
    expect(findings[0]?.evidence).toMatch(/^1 client lib-name=jedis lib-ver=4\.4\.3 from 127\.0\.0\.1:\d+$/);
    const on72 = cli(['check', '--snapshot', CLIENTS, '--target', 'redis@7.2', '--format', 'json', '--only', 'clients.library-too-old']);
    expect(JSON.parse(on72.stdout).findings).toEqual([]);
  });

  it('redis-py 5.0.1 is too old for Redis 8.0 (needs 6.0.0) but not for 7.4; node-redis reports @redis/client and is never compared', () => {
    const hits = (target: string) => clientLibraryTooOld(snap, liveContext('redis@7.4.1', target)).map((h) => `${h.vars.library} ${h.vars.version}`);
    expect(hits('redis@8.0')).toEqual(['jedis 4.4.3', 'redis-py 5.0.1']);
    expect(hits('redis@7.4')).toEqual(['jedis 4.4.3']);
  });

  it('known-bad releases: the packs\' own rules, located at the node, with their severity and references', () => {
    const f = knownBad('redis@7.4');
    expect(f.map((x) => `${x.ruleId} ${x.evidence.split(' from ')[0]}`).sort()).toEqual([
      'go.goredis.cve-2025-29923 2 clients lib-name=go-redis(,go1.21.0) lib-ver=9.5.0',
      'java.lettuce.setinfo-6.3 1 client lib-name=Lettuce lib-ver=6.3.2.RELEASE/4a1f2e3',
    ]);
    const cve = f.find((x) => x.ruleId === 'go.goredis.cve-2025-29923');
    expect(cve).toMatchObject({ severity: 'error', location: { instance: node, field: 'clients' }, subject: 'library:go-redis' });
    expect(cve?.message).toMatch(/^github\.com\/redis\/go-redis\/v9 9\.5\.0 is affected by CVE-2025-29923/);
    expect(cve?.references.map((r) => r.url)).toContain('https://github.com/redis/go-redis/security/advisories/GHSA-92cp-5422-2mw7');
    expect(f.find((x) => x.ruleId === 'java.lettuce.setinfo-6.3')).toMatchObject({ severity: 'warning', boundary: 'target server 7.2.0 or newer' });
  });

  it('rules for targets below 7.2 fire on a rollback to 7.0 (go-redis 9.5.0, ioredis 5.8.1) and Lettuce 6.3 goes quiet', () => {
    const ids = knownBad('redis@7.0').map((x) => `${x.ruleId} ${x.evidence.split(' from ')[0]}`).sort();
    expect(ids).toEqual([
      'go.goredis.bad-9.5.0 2 clients lib-name=go-redis(,go1.21.0) lib-ver=9.5.0',
      'go.goredis.cve-2025-29923 2 clients lib-name=go-redis(,go1.21.0) lib-ver=9.5.0',
      'js.ioredis.setinfo-reconnect-loop 1 client lib-name=ioredis lib-ver=5.8.1',
    ]);
  });

  it('a rule that needs another package (redis-rb with hiredis) is not judged from a connection', () => {
    const withRb: Snapshot = structuredClone(snap);
    withRb.nodes[0]!.clients = [{ id: '1', addr: '10.0.0.1:5000', flags: 'N', cmd: 'get', 'lib-name': 'redis-rb', 'lib-ver': '6.0.0' }];
    expect(knownBad('redis@7.4', withRb)).toEqual([]);
  });

  it('--skip of a pack rule keeps it quiet for connected clients too (the rules passed in are the selected ones)', () => {
    const rules = builtinIndex().rules.filter((r) => r.id !== 'go.goredis.cve-2025-29923');
    expect(checkKnownBadClients([snap], rules, liveContext('redis@7.4.1', 'redis@7.4')).map((x) => x.ruleId)).toEqual(['java.lettuce.setinfo-6.3']);
  });
});

describe('real servers', () => {
  it('Redis 7.0.15 has no CLIENT SETINFO: a real ioredis 6.0.0 client stays unidentified and nothing is judged', async () => {
    const server = await startStandalone();
    const client = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true });
    try {
      await client.connect();
      await client.ping();
      const s = await collectLive(`redis://127.0.0.1:${server.port}`, { connectTimeout: 2000, commandTimeout: 5000, concurrency: 2 });
      const n = s.nodes[0]!;
      expect(n.info.server?.redis_version).toMatch(/^7\.0\./);
      expect(connectedLibraries(n, builtinIndex().packs)).toEqual([]);
      expect(checkKnownBadClients([s], builtinIndex().rules, liveContext('redis@7.0', 'redis@6.0'))).toEqual([]);
      expect(clientLibraries(s, liveContext('redis@7.0', 'redis@7.4'))[0]?.vars.clients).toMatch(/unidentified \(no CLIENT SETINFO\)/);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  // A server with CLIENT SETINFO (7.2+) built from source, when this machine has one.
  const bin = process.env.REDIS_72_SERVER_BIN ?? '/opt/servers/redis-7.4.1/redis-server';
  describe.skipIf(!existsSync(bin))(`a 7.2+ server (${bin})`, () => {
    let child: ChildProcess | undefined;
    let port = 0;
    const dir = mkdtempSync(join(tmpdir(), 'rul-cv-'));
    beforeAll(async () => {
      port = await freePort();
      child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      for (let tries = 0; ; tries++) {
        const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, disableClientInfo: true });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          await probe.ping();
          break;
        } catch (err) {
          if (tries > 200) throw new Error(`${bin} did not answer on 127.0.0.1:${port}: ${String(err)}`);
          await new Promise((r) => setTimeout(r, 50));
        } finally {
          probe.disconnect();
        }
      }
    });
    afterAll(() => {
      child?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    it('a real ioredis 6.0.0 client reports itself, and ioredis 6 below Redis 6.2 is judged by js.ioredis.v6-server-floor', async () => {
      const client = new Redis({ host: '127.0.0.1', port });
      try {
        await client.ping();
        const s = await collectLive(`redis://127.0.0.1:${port}`, { connectTimeout: 2000, commandTimeout: 5000, concurrency: 2 });
        const groups = connectedLibraries(s.nodes[0]!, builtinIndex().packs);
        expect(groups.map((g) => `${g.names.join()} ${g.reported}`)).toEqual(['ioredis 6.0.0']);
        const version = s.nodes[0]!.info.server?.redis_version as string;
        const f = checkKnownBadClients([s], builtinIndex().rules, liveContext(`redis@${version}`, 'redis@6.0'));
        expect(f.map((x) => x.ruleId)).toEqual(['js.ioredis.v6-server-floor']);
        expect(checkKnownBadClients([s], builtinIndex().rules, liveContext(`redis@${version}`, 'redis@7.4'))).toEqual([]);
      } finally {
        client.disconnect();
      }
    });
  });
});
