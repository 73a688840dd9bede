import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowed, RefusedCommandError } from '../../src/inputs/live/allowlist.js';
import { ReadOnlyConnection } from '../../src/inputs/live/connection.js';
import { cliAsync } from '../helpers/cli-async.js';
import { reportSchemaErrors } from '../helpers/schemas.js';
import {
  breakReplicaLink, cliOk, kill, migratingSlot, REDIS_CLI, startCluster, startReplicated, startSentinels, startStandalone,
  startWithAclUserNoConfig, startWithRenamedConfig, unassignSlot, type ClusterTopology,
} from '../helpers/topology.js';


interface F { ruleId: string; severity: string; location: { instance?: string; field?: string }; message: string; blocksStartup?: boolean }
async function checkJson(args: string[]) {
  const r = await cliAsync(['check', '--target', 'redis@7.4', '--format', 'json', ...args]);
  const report = JSON.parse(r.stdout);
  expect(reportSchemaErrors(report)).toEqual([]);
  return { ...r, report, ids: (report.findings as F[]).map((f) => f.ruleId) };
}

describe('standalone', () => {
  const SECRET = 'Sup3r-s3cret-pw';
  const ACLPW = 'acl-user-pw-9876';
  let node: Awaited<ReturnType<typeof startStandalone>>;
  beforeAll(async () => {
    node = await startStandalone({ password: SECRET, conf: [`masterauth ${SECRET}`, `user app on >${ACLPW} ~* &* +@all`] });
  });
  afterAll(async () => { await node.stop(); });

  it('sends only allowlisted commands (MONITOR and INFO commandstats during a full check)', async () => {
    const stats = async () => {
      const r = await cliOk(node.port, ['INFO', 'commandstats'], { password: SECRET });
      return Object.fromEntries([...r.matchAll(/^cmdstat_(\S+?):calls=(\d+)/gm)].map((m) => [m[1] as string, Number(m[2])]));
    };
    const before = await stats();
    const monitor = spawn(REDIS_CLI, ['-p', String(node.port), '-a', SECRET, '--no-auth-warning', 'monitor']);
    let seen = '';
    monitor.stdout.on('data', (b: Buffer) => { seen += b.toString(); });
    await new Promise((r) => setTimeout(r, 200));
    const r = await cliAsync(['check', '--live', `redis://:${SECRET}@127.0.0.1:${node.port}`, '--target', 'redis@7.4', '--verbose']);
    expect(r.code).toBeLessThan(2);
    // A refused command never reaches the socket.
    const conn = new ReadOnlyConnection({ host: '127.0.0.1', port: node.port }, { connectTimeout: 1000, commandTimeout: 1000, password: SECRET });
    await conn.connect();
    await expect(conn.call('CONFIG', 'SET', 'maxmemory', '1')).rejects.toBeInstanceOf(RefusedCommandError);
    await expect(conn.call('KEYS', '*')).rejects.toBeInstanceOf(RefusedCommandError);
    await expect(conn.call('DEBUG', 'SLEEP', '0')).rejects.toBeInstanceOf(RefusedCommandError);
    conn.close();
    await new Promise((r) => setTimeout(r, 300));
    monitor.kill();
    const commands = seen.split('\n').map((l) => /^\S+ \[[^\]]+\] (.*)$/.exec(l.trim())?.[1]).filter((x): x is string => !!x)
      .map((args) => [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string));
    // MONITOR does not show administrative commands (CONFIG, ACL, CLIENT…); commandstats counts them all.
    expect(commands.length, seen).toBeGreaterThanOrEqual(2);
    for (const [cmd, ...args] of commands) expect(isAllowed(cmd as string, args), `${cmd} ${args[0] ?? ''}`).toBe(true);
    const after = await stats();
    const sent = Object.keys(after).filter((k) => (after[k] ?? 0) > (before[k] ?? 0));
    expect(sent).toEqual(expect.arrayContaining(['info', 'config|get', 'acl|list', 'client|list']));
    // redis-cli's own INFO and MONITOR (the harness) are the only other commands counted.
    for (const k of sent.filter((x) => x !== 'monitor')) {
      const [cmd, sub] = k.split('|') as [string, string | undefined];
      expect(isAllowed(cmd, sub ? [sub] : []), k).toBe(true);
    }
  });

  it('never prints a secret: text, JSON, verbose, snapshot', async () => {
    const url = `redis://:${SECRET}@127.0.0.1:${node.port}`;
    const out = join(mkdtempSync(join(tmpdir(), 'rul-snap-')), 'snap.json');
    const runs = await Promise.all([
      cliAsync(['check', '--live', url, '-t', '7.4', '--verbose']),
      cliAsync(['check', '--live', url, '-t', '7.4', '--format', 'json']),
      cliAsync(['snapshot', url, '--output', out]),
      cliAsync(['check', '--live', `127.0.0.1:${node.port}`, '-t', '7.4', '--format', 'json'], { REDISCLI_AUTH: SECRET }),
    ]);
    const all = runs.map((r) => r.stdout + r.stderr).join('\n') + readFileSync(out, 'utf8');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(ACLPW);
    const snap = JSON.parse(readFileSync(out, 'utf8'));
    expect(snap.nodes[0].config.requirepass).toBe('<redacted>');
    expect(snap.nodes[0].acl.join(' ')).toMatch(/#<redacted>/);
    expect(JSON.parse(runs[3]?.stdout ?? '{}').findings.length).toBeGreaterThan(0);
  });

  it('a snapshot gives the same findings offline as the live check', async () => {
    const url = `redis://:${SECRET}@127.0.0.1:${node.port}`;
    const out = join(mkdtempSync(join(tmpdir(), 'rul-snap-')), 'snap.json');
    expect((await cliAsync(['snapshot', url, '-o', out])).code).toBe(0);
    const offline = await checkJson(['--snapshot', out]);
    const live = await checkJson(['--live', url]);
    const strip = (fs: F[]) => fs.filter((f) => f.ruleId !== 'clients.connected-libraries');
    expect(strip(offline.report.findings)).toEqual(strip(live.report.findings));
    expect(offline.report.plan).toEqual(live.report.plan);
  });
});

describe('replication', () => {
  it('checks master and replica from either end, plans replicas first, and reports a broken link', async () => {
    const t = await startReplicated();
    try {
      const { report } = await checkJson(['--live', `redis://127.0.0.1:${t.replica.port}`]);
      expect(report.inputs[0]).toMatchObject({ kind: 'live', topology: 'replication', nodes: 2 });
      expect(report.plan.map((s: { node: string }) => s.node)).toEqual(['all', `127.0.0.1:${t.replica.port}`, `127.0.0.1:${t.replica.port}`, `127.0.0.1:${t.master.port}`]);
      await breakReplicaLink(t);
      const broken = await checkJson(['--live', `redis://127.0.0.1:${t.replica.port}`]);
      expect(broken.ids).toContain('repl.link-down');
      expect(broken.ids).toContain('live.unreachable-node');
      expect(broken.report.notChecked).toEqual(expect.arrayContaining([expect.objectContaining({ input: `127.0.0.1:${t.master.port}` })]));
    } finally { await t.stop(); }
  });
});

describe('cluster', () => {
  let c: ClusterTopology;
  beforeAll(async () => { c = await startCluster(); });
  afterAll(async () => { await c.stop(); });

  it('discovers all 6 nodes from one and plans a failover per shard', async () => {
    const { report, ids } = await checkJson(['--live', `redis://127.0.0.1:${c.nodes[0]?.port}`]);
    expect(report.inputs[0]).toMatchObject({ topology: 'cluster', nodes: 6 });
    expect(ids.filter((i: string) => i.startsWith('cluster.'))).toEqual([]);
    expect(report.plan.filter((s: { action: string }) => s.action.startsWith('CLUSTER FAILOVER'))).toHaveLength(3);
  });

  it('reports a migrating slot, an unassigned slot and a killed node', async () => {
    await migratingSlot(c, 100);
    await unassignSlot(c, 16000);
    const victim = c.nodes[5] as { port: number; pid: number };
    await kill(victim);
    const { ids, report } = await checkJson(['--live', `redis://127.0.0.1:${c.nodes[0]?.port}`, '--connect-timeout', '500']);
    expect(ids).toContain('cluster.slot-migrating');
    expect(ids).toContain('cluster.slots-not-ok');
    expect(ids).toContain('live.unreachable-node');
    expect(report.notChecked).toEqual(expect.arrayContaining([expect.objectContaining({ input: `127.0.0.1:${victim.port}` })]));
  });
});

describe('sentinel', () => {
  it('checks the set a Sentinel manages and plans a SENTINEL FAILOVER', async () => {
    const t = await startSentinels();
    try {
      const s0 = t.sentinels[0] as { port: number };
      const { report, ids } = await checkJson(['--sentinel', `127.0.0.1:${s0.port}`, '--master-name', t.masterName]);
      expect(report.inputs[0]).toMatchObject({ topology: 'sentinel', nodes: 5 });
      expect(ids).not.toContain('sentinel.too-few');
      expect(ids).not.toContain('sentinel.unhealthy');
      expect(report.plan.some((s: { action: string }) => s.action.startsWith(`SENTINEL FAILOVER ${t.masterName}`))).toBe(true);
      await kill(t.sentinels[1] as { pid: number });
      await kill(t.sentinels[2] as { pid: number });
      const fewer = await checkJson(['--sentinel', `127.0.0.1:${s0.port}`, '--master-name', t.masterName, '--connect-timeout', '500']);
      expect(fewer.ids).toContain('sentinel.too-few');
    } finally { await t.stop(); }
  });
});

describe('refused commands', () => {
  it('an ACL user without CONFIG and a renamed CONFIG become notChecked entries; the rest goes on', async () => {
    const acl = await startWithAclUserNoConfig();
    const renamed = await startWithRenamedConfig();
    try {
      const a = await checkJson(['--live', `redis://${acl.username}:${acl.password}@127.0.0.1:${acl.port}`]);
      expect(a.report.notChecked).toEqual(expect.arrayContaining([expect.objectContaining({ input: `127.0.0.1:${acl.port} CONFIG GET *`, reason: expect.stringMatching(/no permission/) })]));
      expect(a.ids).toContain('live.node-version');
      const r = await checkJson(['--live', `redis://127.0.0.1:${renamed.port}`]);
      expect(r.report.notChecked).toEqual(expect.arrayContaining([expect.objectContaining({ input: `127.0.0.1:${renamed.port} CONFIG GET *`, reason: expect.stringMatching(/unknown command/) })]));
      expect(r.ids).toContain('live.command-refused');
    } finally { await acl.stop(); await renamed.stop(); }
  });

  it('an unreachable seed is reported and exits 2', async () => {
    const r = await cliAsync(['check', '--live', 'redis://127.0.0.1:1', '-t', '7.4', '--connect-timeout', '300']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/127\.0\.0\.1:1.*live\.unreachable-node/);
  });
});
