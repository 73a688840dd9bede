import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

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
});
