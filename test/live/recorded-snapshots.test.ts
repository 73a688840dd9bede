import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelCommandsAllowed, pubsubBeforeChannelAcl, pubsubDefaultLive } from '../../src/checks/live/acl.js';
import { readSnapshotFile } from '../../src/inputs/live/load.js';
import type { Snapshot } from '../../src/inputs/live/snapshot.js';
import { cli } from '../helpers/cli.js';
import { liveContext } from '../helpers/live-context.js';
import { redisCli, startStandalone } from '../helpers/topology.js';

interface Finding { ruleId: string; severity: string; message: string; evidence: string; subject?: string; boundary?: string;
  location: { instance?: string; role?: string; field?: string; file?: string; line?: number }; related?: { ruleId: string; location: { instance?: string } }[] }
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
        { input: '127.0.0.1:27301 ACL LIST', reason: 'not in redis 3.2.13 (ACL arrived in 6.0): no users to list, requirepass is its only authentication', notApplicable: true },
        { input: '127.0.0.1:27301 MODULE LIST', reason: 'not in redis 3.2.13 (modules arrived in 4.0): it cannot load modules', notApplicable: true },
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

/**
 * ACL users hit by acl-pubsub-default resetchannels in 7.0, on snapshots recorded from real 6.2.16
 * and 6.0.20 servers started with the user lines below (fixtures/snapshots/RECORDING.md), checked
 * against what Debian's 7.0.15 does with the same lines.
 */
const USERS_6_0 = [
  'user app on >app-secret ~app:* +@all -@dangerous',
  'user cache on >cache-secret ~cache:* -@all +get +set',
  'user retired off >old-secret ~* +@all',
];
const USERS_6_2 = [...USERS_6_0, 'user events on >events-secret ~* &* +@all', 'user feed on >feed-secret resetchannels &news:* ~feed:* +@all'];
const PASSWORDS: Record<string, string> = { app: 'app-secret', cache: 'cache-secret', events: 'events-secret', feed: 'feed-secret' };

/** The enabled users that 7.0.15, started with these lines, refuses a channel to (PUBLISH answers NOPERM about channels). */
async function losingChannelsOn70(lines: string[]): Promise<string[]> {
  const server = await startStandalone({ conf: lines });
  try {
    const lost: string[] = [];
    for (const [user, password] of Object.entries(PASSWORDS)) {
      if (!lines.some((l) => l.startsWith(`user ${user} `))) continue;
      const r = await redisCli(server.port, ['PUBLISH', 'news:today', 'hello'], { user, password });
      if (/NOPERM.*channel/i.test(r.stdout)) lost.push(user);
    }
    return lost.sort();
  } finally {
    await server.stop();
  }
}

describe('RDB the target cannot load (recorded Redis 7.4.1 and Valkey 8.0.1)', () => {
  it('Redis 7.4 writes RDB 12: refused by Valkey 8.0 (newer than 11), 8.1 (foreign even relaxed) and 9.0 (foreign unless relaxed), and by a Redis 7.2 rollback; Redis 8.0 loads it', () => {
    const refused = (target: string) => of(check('redis-7.4-connected-clients', target).report, 'persistence.rdb-refused-by-target');
    expect(refused('valkey@8.0').map((f) => f.message)).toEqual([expect.stringContaining('redis 7.4 writes RDB 12, which the target refuses (valkey 8.0 reads RDB ≤ 11)')]);
    const v81 = refused('valkey@8.1')[0];
    expect(v81?.message).toContain('valkey 8.1 reads RDB 12 to 79 under a REDIS header as a foreign format)');
    expect(v81?.message).not.toContain('relaxed');
    expect(refused('valkey@9.0')[0]?.message).toContain('foreign format; with rdb-version-check relaxed it tries');
    expect(refused('valkey@9.0')[0]).toMatchObject({ severity: 'error', location: { field: 'rdb_version' } });
    expect(refused('redis@7.2')[0]?.message).toContain('(redis 7.2 reads RDB ≤ 11)');
    expect(refused('redis@8.0')).toEqual([]);
  });

  it('Valkey 9.0 writes VALKEY080: a server without the VALKEY magic stops at the header, Valkey 8.1 at the version (the 8.0.1 recording as 9.0.0)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-v90-'));
    try {
      const snap = JSON.parse(readFileSync('fixtures/snapshots/valkey-8.0-standalone.json', 'utf8')) as { nodes: { info: { server: Record<string, string> } }[] };
      for (const n of snap.nodes) n.info.server.valkey_version = '9.0.0';
      writeFileSync(join(dir, 'v90.json'), JSON.stringify(snap));
      const refused = (target: string) => {
        const r = cli(['check', '--snapshot', join(dir, 'v90.json'), '--target', target, '--format', 'json']);
        return of(JSON.parse(r.stdout) as Report, 'persistence.rdb-refused-by-target').map((f) => f.message);
      };
      expect(refused('redis@8.0')).toEqual([expect.stringContaining('exits ("Wrong signature trying to load DB from file")')]);
      expect(refused('valkey@8.0')).toEqual([expect.stringContaining('"Wrong signature trying to load DB from file"')]);
      expect(refused('valkey@8.1')).toEqual([expect.stringContaining('(valkey 8.1 reads RDB ≤ 11; with rdb-version-check relaxed it tries')]);
      expect(refused('valkey@8.1')[0]).toContain(`"Can't handle RDB format version 80"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Valkey 8.0 writes RDB 11 under a REDIS header: every Valkey loads it, Redis 7.0 does not', () => {
    const refused = (target: string) => of(check('valkey-8.0-standalone', target).report, 'persistence.rdb-refused-by-target');
    expect(refused('valkey@9.0')).toEqual([]);
    expect(refused('valkey@8.1')).toEqual([]);
    expect(refused('redis@7.0')[0]?.message).toContain('valkey 8.0 writes RDB 11, which the target refuses (redis 7.0 reads RDB ≤ 10)');
  });
});

describe('--strict on a server older than ACLs and modules', () => {
  it('lists ACL LIST and MODULE LIST as not applicable, which are no gap: with the manual checks acknowledged, --strict passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-strict-'));
    try {
      const acks = join(dir, 'acks.yaml');
      writeFileSync(acks, ['acknowledgements:',
        ...['manual.backup-off-host', 'manual.staging-rehearsal'].map((c) => `  - { check: ${c}, by: ops, date: 2026-01-01, ticket: CHG-1, expires: 2099-12-31 }`)].join('\n'));
      const args = ['check', '--snapshot', 'fixtures/snapshots/redis-3.2-standalone.json', '--target', 'redis@7.4', '--fail-on', 'never', '--strict'];
      const r = cli([...args, '--acknowledgements', acks, '--format', 'json']);
      const report = JSON.parse(r.stdout);
      expect(report.notChecked.map((n: { input: string; notApplicable?: boolean }) => [n.input, n.notApplicable])).toEqual([
        ['127.0.0.1:27301 ACL LIST', true], ['127.0.0.1:27301 MODULE LIST', true]]);
      expect(r.code).toBe(0);
      expect(cli(args).code).toBe(1); // the manual checks are still open without the acknowledgements
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ACL users and the acl-pubsub-default change in 7.0 (recorded 6.2.16 and 6.0.20)', () => {
  it('the recorded snapshots carry no password and no password hash', () => {
    for (const name of ['redis-6.2-acl-users', 'redis-6.0-acl-users']) {
      const raw = readFileSync(`fixtures/snapshots/${name}.json`, 'utf8');
      for (const pw of [...Object.values(PASSWORDS), 'old-secret']) expect(raw).not.toContain(pw);
      expect(raw).not.toMatch(/#[0-9a-f]{64}/);
      const secretTokens = readSnapshotFile(`fixtures/snapshots/${name}.json`).nodes[0]?.acl?.flatMap((l) => l.split(' ').filter((t) => /^[#>]/.test(t)));
      expect(new Set(secretTokens)).toEqual(new Set(['#<redacted>']));
    }
  });

  it('6.2.16 → redis@7.4: a warning names the users ACL LIST shows with &* under allchannels, joined on directive:acl-pubsub-default', () => {
    const { report } = check('redis-6.2-acl-users', 'redis@7.4');
    const [f, ...more] = of(report, 'acl.pubsub-default-live');
    expect(more).toEqual([]);
    expect(f).toMatchObject({
      severity: 'warning', subject: 'directive:acl-pubsub-default', boundary: '6.2.16 → 7.4 crosses 7.0',
      location: { instance: '127.0.0.1:27322', role: 'master', field: 'acl-pubsub-default' },
    });
    // app relies on the default, events spelled &*: ACL LIST shows both as &*. feed has explicit patterns,
    // cache cannot PUBLISH/SUBSCRIBE, retired is off, default is the built-in user (no aclfile).
    expect(f?.message).toContain('ACL LIST gives users app, events every Pub/Sub channel (&*)');
    expect(f?.message).toContain('the same for an explicit &* and for the old default');
    expect(f?.message).toContain('the user lines of /tmp/rec/a62/redis.conf');
    expect(f?.message).toContain('INFO commandstats counts 3 PUBLISH, 2 SUBSCRIBE calls on this node');
    expect(f?.evidence).toContain('acl-pubsub-default allchannels; ACL LIST: user app on #<redacted> ~app:* &* +@all -@dangerous; user events on #<redacted> ~* &* +@all');
    expect(of(report, 'acl.pubsub-before-channel-acl')).toEqual([]);
    // Within 6.2, and on a rollback, nothing changes.
    expect(of(check('redis-6.2-acl-users', 'redis@6.2').report, 'acl.pubsub-default-live')).toEqual([]);
    // Valkey kept the 7.0 default: the path through the fork point crosses redis 7.0.
    expect(of(check('redis-6.2-acl-users', 'valkey@8.0').report, 'acl.pubsub-default-live')).toHaveLength(1);
  });

  it('6.0.20 → redis@7.4: an error names the users with Pub/Sub commands, which no 6.0 definition can give channels', () => {
    const { code, report } = check('redis-6.0-acl-users', 'redis@7.4');
    const found = of(report, 'acl.pubsub-before-channel-acl');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', subject: 'directive:acl-pubsub-default', location: { instance: '127.0.0.1:27321', field: 'acl-pubsub-default' } });
    expect(found[0]?.message).toContain('127.0.0.1:27321 runs redis@6.0.20, which has no channel permissions: user app can PUBLISH and SUBSCRIBE on every channel');
    expect(found[0]?.message).toContain('INFO commandstats counts 2 PUBLISH, 2 SUBSCRIBE calls');
    expect(of(report, 'acl.pubsub-default-live')).toEqual([]);
    expect(code).toBe(1);
  });

  it('the users named are the ones 7.0.15 refuses channels to, when started with the same lines (plus events, whose &* ACL LIST cannot tell apart)', async () => {
    const named = (report: Report, id: string) => /gives users? (.*?) every|: users? (.*?) can PUBLISH/.exec(of(report, id)[0]?.message ?? '')?.slice(1).find(Boolean)?.split(', ').sort();
    expect(await losingChannelsOn70(USERS_6_2)).toEqual(['app']);
    expect(named(check('redis-6.2-acl-users', 'redis@7.4').report, 'acl.pubsub-default-live')).toEqual(['app', 'events']);
    expect(await losingChannelsOn70(USERS_6_0)).toEqual(['app']);
    expect(named(check('redis-6.0-acl-users', 'redis@7.4').report, 'acl.pubsub-before-channel-acl')).toEqual(['app']);
  }, 30_000);

  it('joins the file finding on the same subject when the configuration file is checked with the snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-pubsub-'));
    try {
      const conf = join(dir, 'redis.conf');
      writeFileSync(conf, ['port 27322', ...USERS_6_2.map((l) => l.replace(/>\S+/, '>changeme'))].join('\n') + '\n');
      const r = cli(['check', conf, '--snapshot', 'fixtures/snapshots/redis-6.2-acl-users.json', '--from', '6.2', '--target', 'redis@7.4', '--format', 'json']);
      const report = JSON.parse(r.stdout) as Report;
      const joined = report.findings.filter((f) => f.subject === 'directive:acl-pubsub-default');
      expect(joined).toHaveLength(1);
      expect([joined[0]?.ruleId, ...(joined[0]?.related ?? []).map((x) => x.ruleId)].sort()).toEqual(['acl.pubsub-default-live', 'acl.pubsub-default-resetchannels', 'config.default-changed']);
      // The file's own rule leads (an error, at app's user line); cache's line has no Pub/Sub command, so no finding.
      expect(joined[0]).toMatchObject({ ruleId: 'acl.pubsub-default-resetchannels', location: { line: 2 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('acl-pubsub-default resetchannels already, an aclfile, and nodes of other versions', () => {
    const ctx = liveContext('6.2.16', '7.4');
    const snap = readSnapshotFile('fixtures/snapshots/redis-6.2-acl-users.json');
    const node = snap.nodes[0] as Snapshot['nodes'][number];
    const users = (s: Snapshot) => pubsubDefaultLive(s, ctx).map((h) => h.vars.users);
    expect(users(snap)).toEqual(['app, events']);
    // Already under the 7.0 default: nothing changes for these users.
    expect(users({ ...snap, nodes: [{ ...node, config: { ...node.config, 'acl-pubsub-default': 'resetchannels' } }] })).toEqual([]);
    // With an aclfile the default user may be in it (ACL SAVE writes every user): it is named too, with the file.
    const withFile = pubsubDefaultLive({ ...snap, nodes: [{ ...node, config: { ...node.config, aclfile: '/etc/redis/users.acl' } }] }, ctx);
    expect(withFile.map((h) => [h.vars.users, h.vars.where])).toEqual([['app, default, events', 'the aclfile /etc/redis/users.acl']]);
    // 7.0 and later already have the new default; the 6.0 check leaves 6.2 nodes alone.
    expect(users({ ...snap, nodes: [{ ...node, info: { ...node.info, server: { ...node.info.server, redis_version: '7.0.15' } } }] })).toEqual([]);
    expect(pubsubBeforeChannelAcl(snap, ctx)).toEqual([]);
    // A refused ACL LIST leaves nothing to judge (it is listed under notChecked instead).
    const { acl: _acl, ...noAcl } = node;
    expect(users({ ...snap, nodes: [noAcl] })).toEqual([]);
  });

  it('which of PUBLISH, SUBSCRIBE, PSUBSCRIBE the command rules allow, in order', () => {
    expect(channelCommandsAllowed(['+@all', '-@dangerous'])).toEqual(['publish', 'subscribe', 'psubscribe']);
    expect(channelCommandsAllowed(['-@all', '+get', '+set'])).toEqual([]);
    expect(channelCommandsAllowed(['-@all', '+@fast'])).toEqual(['publish']);
    expect(channelCommandsAllowed(['-@all', '+@slow'])).toEqual(['subscribe', 'psubscribe']);
    expect(channelCommandsAllowed(['+@all', '-@pubsub', '+SUBSCRIBE'])).toEqual(['subscribe']);
    expect(channelCommandsAllowed(['allcommands', 'nocommands', '+publish'])).toEqual(['publish']);
  });
});

