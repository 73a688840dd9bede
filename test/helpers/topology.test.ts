import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  breakReplicaLink, clusterNodes, infoFields, kill, livePids, migratingSlot, pidAlive, redisCli, startCluster, startReplicated,
  startSentinels, startStandalone, startWithAclUserNoConfig, startWithRenamedConfig, unassignSlot,
} from './topology.js';

async function info(port: number, args: string[], opts: { password?: string } = {}): Promise<Record<string, string>> {
  const r = await redisCli(port, args, opts);
  expect(r.code, r.stderr).toBe(0);
  return infoFields(r.stdout);
}

function expectGone(pids: number[]): void {
  for (const pid of pids) {
    expect(pidAlive(pid), `pid ${pid}`).toBe(false);
    expect(livePids.has(pid)).toBe(false);
  }
}

describe.concurrent('topology harness', () => {
  it('standalone with a password; stop() is idempotent', async () => {
    const t = await startStandalone({ password: 's3cret', conf: ['maxmemory 10mb'] });
    try {
      expect((await redisCli(t.port, ['PING'])).stdout).toMatch(/NOAUTH/);
      expect((await redisCli(t.port, ['PING'], { password: 's3cret' })).stdout.trim()).toBe('PONG');
      expect((await redisCli(t.port, ['CONFIG', 'GET', 'maxmemory'], { password: 's3cret' })).stdout).toContain('10485760');
      expect((await redisCli(t.port, ['CONFIG', 'GET', 'bind'], { password: 's3cret' })).stdout).toContain('127.0.0.1');
      expect(existsSync(t.dir)).toBe(true);
    } finally {
      await t.stop();
      await t.stop();
    }
    expectGone([t.pid]);
    expect(existsSync(t.dir)).toBe(false);
  });

  it('replicated, then the replica link broken', async () => {
    const t = await startReplicated();
    try {
      const r = await info(t.replica.port, ['INFO', 'replication']);
      expect(r['role']).toBe('slave');
      expect(r['master_port']).toBe(String(t.master.port));
      expect(r['master_link_status']).toBe('up');
      expect((await info(t.master.port, ['INFO', 'replication']))['connected_slaves']).toBe('1');
      await breakReplicaLink(t);
      expect(pidAlive(t.master.pid)).toBe(false);
      expect((await info(t.replica.port, ['INFO', 'replication']))['master_link_status']).toBe('down');
    } finally {
      await t.stop();
    }
    expectGone([t.master.pid, t.replica.pid]);
  });

  it('sentinels', async () => {
    const t = await startSentinels();
    try {
      expect(t.masterName).toBe('mymaster');
      expect(t.sentinels).toHaveLength(3);
      for (const s of t.sentinels) {
        const lines = (await redisCli(s.port, ['SENTINEL', 'MASTER', 'mymaster'])).stdout.split('\n');
        const at = (k: string) => lines[lines.indexOf(k) + 1];
        expect(at('port')).toBe(String(t.master.port));
        expect(at('num-other-sentinels')).toBe('2');
        expect(at('num-slaves')).toBe('1');
        expect(at('quorum')).toBe('2');
        expect((await info(s.port, ['INFO', 'server']))['redis_mode']).toBe('sentinel');
      }
    } finally {
      await t.stop();
    }
    expectGone([t.master.pid, t.replica.pid, ...t.sentinels.map((s) => s.pid)]);
  });

  it('cluster, unassigned slot, migrating slot, node killed', async () => {
    const t = await startCluster();
    try {
      expect(t.nodes).toHaveLength(6);
      for (const n of t.nodes) {
        const f = await info(n.port, ['CLUSTER', 'INFO']);
        expect(f['cluster_state']).toBe('ok');
        expect(f['cluster_slots_assigned']).toBe('16384');
        expect(f['cluster_known_nodes']).toBe('6');
        expect(f['cluster_size']).toBe('3');
      }
      const view = await clusterNodes(t.nodes[0]!.port);
      expect(view.filter((n) => n.flags.includes('master'))).toHaveLength(3);
      expect(view.filter((n) => n.flags.includes('slave'))).toHaveLength(3);

      const { ownerPort } = await unassignSlot(t, 100);
      const f = await info(ownerPort, ['CLUSTER', 'INFO']);
      expect(f['cluster_slots_assigned']).toBe('16383');

      const m = await migratingSlot(t, 9000);
      const nodesText = (await redisCli(m.ownerPort, ['CLUSTER', 'NODES'])).stdout;
      expect(nodesText).toContain(`[9000->-${m.targetId}]`);

      const victim = t.nodes[5]!;
      await kill(victim);
      expect(pidAlive(victim.pid)).toBe(false);
      expect((await redisCli(victim.port, ['PING'])).code).not.toBe(0);
    } finally {
      await t.stop();
    }
    expectGone(t.nodes.map((n) => n.pid));
  });

  it('ACL user without CONFIG', async () => {
    const t = await startWithAclUserNoConfig();
    try {
      const as = { user: t.username, password: t.password };
      expect((await redisCli(t.port, ['PING'], as)).stdout.trim()).toBe('PONG');
      expect((await redisCli(t.port, ['CONFIG', 'GET', 'maxmemory'], as)).stdout).toMatch(/NOPERM/);
      expect((await redisCli(t.port, ['INFO', 'server'], as)).stdout).toContain('redis_version:');
    } finally {
      await t.stop();
    }
    expectGone([t.pid]);
  });

  it('CONFIG renamed away', async () => {
    const t = await startWithRenamedConfig();
    try {
      expect((await redisCli(t.port, ['CONFIG', 'GET', 'maxmemory'])).stdout).toMatch(/unknown command/i);
      expect((await redisCli(t.port, ['PING'])).stdout.trim()).toBe('PONG');
    } finally {
      await t.stop();
    }
    expectGone([t.pid]);
  });
});
