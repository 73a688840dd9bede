import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/inputs/live/snapshot.js';
import { cli } from '../helpers/cli.js';

interface Finding { ruleId: string; severity: string; message: string; evidence: string;
  location: { instance?: string; role?: string; field?: string } }
interface Report { from: { version: string; source: string }; path: { description: string }; inputs: { topology?: string; nodes?: number }[];
  findings: Finding[]; notChecked: { input: string; reason: string }[]; plan: { node: string; action: string }[]; summary: Record<string, unknown> }

function check(snapshot: string, target: string, extra: string[] = []): { code: number; report: Report } {
  const r = cli(['check', '--snapshot', `fixtures/snapshots/${snapshot}.json`, ...extra, '--target', target, '--format', 'json']);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const of = (report: Report, ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId);
const byNode = (fs: Finding[]) => fs.map((f) => `${f.location.instance} ${f.message}`);

/** Snapshots recorded by `redis-upgrade-lint snapshot` from real servers of other versions (built from source). */
describe('recorded snapshots of other versions', () => {
  it('a Redis 6.2.16 replica of a 7.0.15 master: replica older than its master, link down', () => {
    const r = cli(['check', '--snapshot', 'fixtures/snapshots/redis-7.0-master-6.2-replica.json', '--target', 'redis@7.4', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.from).toMatchObject({ version: 'redis@6.2.16', source: 'inferred' });
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain('live.replica-older-than-master');
    expect(ids).toContain('repl.link-down');
    expect(r.code).toBe(1);
  });

  it('Valkey 8.0.1 is recognised by server_name / valkey_version, not its redis_version 7.2.4', () => {
    const r = cli(['check', '--snapshot', 'fixtures/snapshots/valkey-8.0-standalone.json', '--target', 'valkey@9.0', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.from).toMatchObject({ version: 'valkey@8.0.1' });
    expect(report.path.gained).toEqual(['valkey@8.1', 'valkey@9.0']);
    expect(report.findings.some((f: { ruleId: string; message: string }) => f.ruleId === 'live.node-version' && /valkey@8\.0\.1/.test(f.message))).toBe(true);
  });

  it('a file that is not a snapshot is a one-line error, and nothing checked exits 2', () => {
    const r = cli(['check', '--snapshot', 'package.json', '--target', 'redis@7.4']);
    expect(r.stderr).toMatch(/package\.json: not a redis-upgrade-lint snapshot/);
    expect(r.code).toBe(2);
  });

  it('Redis 3.2.13 standalone → redis@7.4 and valkey@8.0: RDB 7 cannot take the target back, old commands, no ACL or modules to ask for', () => {
    for (const [target, rdb, flavor] of [['redis@7.4', '12', 'redis'], ['valkey@8.0', '11', 'valkey']] as const) {
      const { code, report } = check('redis-3.2-standalone', target);
      expect(report.from).toMatchObject({ version: 'redis@3.2.13', source: 'inferred' });
      expect(report.inputs).toEqual([expect.objectContaining({ topology: 'standalone', nodes: 1 })]);
      expect(byNode(of(report, 'live.node-version'))).toEqual(['127.0.0.1:27301 127.0.0.1:27301 (master) runs redis@3.2.13']);
      expect(of(report, 'persistence.rdb-no-rollback').map((f) => f.evidence)).toEqual([`redis 3.2 reads RDB ≤ 7; ${flavor} ${target.split('@')[1]} writes RDB ${rdb}`]);
      expect(of(report, 'commands.deprecated-used').map((f) => f.location.field).sort()).toEqual(['cmdstat_georadius', 'cmdstat_hmset', 'cmdstat_rpoplpush']);
      // No ACL before 6.0: the default user's password is requirepass, empty here, with protected-mode no.
      expect(of(report, 'acl.default-user-open')).toEqual([expect.objectContaining({ evidence: 'requirepass ""; protected-mode no (no ACL before 6.0)', location: expect.objectContaining({ field: 'requirepass' }) })]);
      expect(report.notChecked).toEqual([
        { input: '127.0.0.1:27301 ACL LIST', reason: 'not in redis 3.2.13 (ACL arrived in 6.0): no users to list, requirepass is its only authentication' },
        { input: '127.0.0.1:27301 MODULE LIST', reason: 'not in redis 3.2.13 (modules arrived in 4.0): it cannot load modules' },
      ]);
      // Commands the version lacks were never sent: not findings of live.command-refused.
      expect(of(report, 'live.command-refused')).toEqual([]);
      expect(code).toBe(1);
    }
    const text = cli(['check', '--snapshot', 'fixtures/snapshots/redis-3.2-standalone.json', '--target', 'redis@7.4']);
    expect(text.stdout).toContain('redis@3.2.13 → redis@7.4 crosses 4.0, 5.0, 6.0, 6.2, 7.0, 7.2, 7.4');
    expect(text.stderr).toBe('');
  });

  it('Redis 3.2.13 master with a replica → valkey@8.0: roles, versions, and a plan that says SLAVEOF to the 3.2 master', () => {
    const { code, report } = check('redis-3.2-master-replica', 'valkey@8.0');
    expect(report.path.description).toMatch(/through the Valkey fork point/);
    expect(report.inputs).toEqual([expect.objectContaining({ topology: 'replication', nodes: 2 })]);
    expect(byNode(of(report, 'live.node-version'))).toEqual([
      '127.0.0.1:27303 127.0.0.1:27303 (master) runs redis@3.2.13',
      '127.0.0.1:27304 127.0.0.1:27304 (replica) runs redis@3.2.13',
    ]);
    for (const id of ['live.replica-older-than-master', 'live.mixed-versions', 'repl.link-down', 'repl.lag', 'live.command-refused']) expect(of(report, id)).toEqual([]);
    expect(of(report, 'persistence.rdb-no-rollback').map((f) => f.location.instance)).toEqual(['127.0.0.1:27303', '127.0.0.1:27304']);
    expect(of(report, 'commands.deprecated-used').filter((f) => f.location.instance === '127.0.0.1:27303').map((f) => f.location.field).sort())
      .toEqual(['cmdstat_georadius', 'cmdstat_hmset', 'cmdstat_rpoplpush']);
    expect(report.notChecked.map((n) => n.input)).toEqual(['127.0.0.1:27303 ACL LIST', '127.0.0.1:27303 MODULE LIST', '127.0.0.1:27304 ACL LIST', '127.0.0.1:27304 MODULE LIST']);
    // REPLICAOF arrived in 5.0: the upgraded replica takes REPLICAOF NO ONE, the old 3.2 master only knows SLAVEOF.
    expect(report.plan.map((p) => p.action)).toContain('Fail over: point clients at 127.0.0.1:27304 and run REPLICAOF NO ONE on it, then SLAVEOF 127.0.0.1 27304 on 127.0.0.1:27303');
    expect(report.plan.map((p) => p.node)).toEqual(['all', '127.0.0.1:27304', '127.0.0.1:27304', '127.0.0.1:27303']);
    expect(code).toBe(0);
  });

  it('Redis 5.0.14 master with a replica and requirepass → redis@7.4: secrets redacted, RDB 9, REPLICAOF in the plan', () => {
    const raw = readFileSync('fixtures/snapshots/redis-5.0-master-replica.json', 'utf8');
    expect(raw).not.toContain('old-pass-5');
    const snap = JSON.parse(raw) as Snapshot;
    for (const n of snap.nodes) expect([n.config?.requirepass, n.config?.masterauth]).toEqual(['<redacted>', '<redacted>']);
    const { code, report } = check('redis-5.0-master-replica', 'redis@7.4');
    expect(report.from.version).toBe('redis@5.0.14');
    expect(byNode(of(report, 'live.node-version'))).toEqual([
      '127.0.0.1:27311 127.0.0.1:27311 (master) runs redis@5.0.14',
      '127.0.0.1:27312 127.0.0.1:27312 (replica) runs redis@5.0.14',
    ]);
    expect(of(report, 'persistence.rdb-no-rollback').map((f) => f.evidence)).toEqual(['redis 5.0 reads RDB ≤ 9; redis 7.4 writes RDB 12', 'redis 5.0 reads RDB ≤ 9; redis 7.4 writes RDB 12']);
    expect(of(report, 'acl.default-user-open')).toEqual([]);
    // Modules exist from 4.0, so MODULE LIST was asked; ACL LIST was not.
    expect(report.notChecked.map((n) => n.input)).toEqual(['127.0.0.1:27311 ACL LIST', '127.0.0.1:27312 ACL LIST']);
    expect(report.plan.map((p) => p.action)).toContain('Fail over: point clients at 127.0.0.1:27312 and run REPLICAOF NO ONE on it, then REPLICAOF 127.0.0.1 27312 on 127.0.0.1:27311');
    expect(code).toBe(0);
  });
});
