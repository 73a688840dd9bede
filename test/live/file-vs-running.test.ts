import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFileVsRunning, matchFilesToNodes } from '../../src/checks/live/file-vs-running.js';
import { comparableValue } from '../../src/checks/live/config-values.js';
import { parseConfigFile } from '../../src/inputs/config/document.js';
import { collectLive, readSnapshotFile } from '../../src/inputs/live/load.js';
import type { Snapshot } from '../../src/inputs/live/snapshot.js';
import type { Finding } from '../../src/report/finding.js';
import { builtinIndex, liveContext } from '../helpers/live-context.js';
import { freePort, REDIS_SERVER } from '../helpers/redis-server.js';
import { cliOk, redisCli } from '../helpers/topology.js';

const DIR = 'fixtures/live/file-vs-running';
const RECORDED = readSnapshotFile('fixtures/snapshots/redis-7.0-master-6.2-replica.json');

/** The 1-based line of the first line of a file that starts with `text`. */
function lineOf(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(text)) + 1;
}

function run(files: string[], snapshots: Snapshot[], from: string, target = 'redis@7.4') {
  const ctx = liveContext(from, target);
  const findings = checkFileVsRunning(files.map((f) => parseConfigFile(f)), snapshots, builtinIndex().rules, ctx);
  return { findings, notChecked: ctx.notChecked };
}

const differs = (fs: Finding[]) => fs.filter((f) => f.ruleId === 'config.running-differs');

describe('files matched to the nodes of a recorded snapshot (7.0.15 master on 17101, 6.2.16 replica on 17102)', () => {
  const master = join(DIR, 'master-17101.conf');
  const replica = join(DIR, 'replica-17102.conf');
  const other = join(DIR, 'other-6390.conf');

  it('matches each file by its port, and reports only the values that really differ, at the file line', () => {
    const { findings } = run([master, replica, other], [RECORDED], 'redis@6.2.16');
    expect(differs(findings).map((f) => [f.location, f.subject])).toEqual([
      [{ file: master, line: lineOf(master, 'maxmemory 64mb') }, 'directive:maxmemory'],
      [{ file: replica, line: lineOf(replica, 'notify-keyspace-events') }, 'directive:notify-keyspace-events'],
    ]);
    const [mm] = differs(findings);
    expect(mm?.message).toMatch(/^maxmemory is 0 on 127\.0\.0\.1:17101 but .*master-17101\.conf sets 64mb \(file matched to the node by its port 17101\)/);
    expect(mm?.evidence).toBe('maxmemory 64mb ↔ CONFIG GET maxmemory on 127.0.0.1:17101: 0');
    expect(mm?.severity).toBe('warning');
  });

  it('never compares a secret, and lists secrets, lines CONFIG GET does not show, relative paths and unmatched files as not checked', () => {
    const { findings, notChecked } = run([master, replica, other], [RECORDED], 'redis@6.2.16');
    expect(findings.some((f) => /requirepass|not-a-real-password/.test(f.message + f.evidence))).toBe(false);
    expect(notChecked).toEqual(expect.arrayContaining([
      { input: other, reason: expect.stringMatching(/matched no running node: its port 6390 is none of the nodes' \(17101, 17102\)/) },
      { input: master, reason: expect.stringMatching(/^requirepass: secrets, redacted from CONFIG GET and never compared/), notApplicable: true },
      { input: master, reason: expect.stringMatching(/^rename-command: not shown by CONFIG GET/), notApplicable: true },
      { input: master, reason: expect.stringMatching(/^dir \.\/: a relative path/) },
    ]));
  });

  it('running settings the file does not set are info, only when the target default differs from the running value', () => {
    const { findings } = run([master], [RECORDED], 'redis@6.2.16');
    const notInFile = findings.filter((f) => f.ruleId === 'config.running-not-in-file');
    // The recorded master was started with bind, daemonize, logfile and pidfile on its command line.
    expect(notInFile.map((f) => f.subject)).toEqual(['directive:bind', 'directive:daemonize', 'directive:logfile', 'directive:pidfile']);
    expect(notInFile.every((f) => f.severity === 'info' && 'file' in f.location && f.location.line === undefined)).toBe(true);
    expect(notInFile.find((f) => f.subject === 'directive:bind')?.message)
      .toMatch(/^bind is 127\.0\.0\.1 on 127\.0\.0\.1:17101, which .*master-17101\.conf does not set .*: a restart from this file gives it the default of redis@7\.4 \(\* -::\*\) unless/);
    // hz is 10 on the node and 10 by default on 7.4: nothing changes on restart.
    expect(notInFile.some((f) => f.subject === 'directive:hz')).toBe(false);
  });

  it('one file and nodes on different ports: only the node on the file\'s port', () => {
    const notChecked: { input: string; reason: string }[] = [];
    const m = matchFilesToNodes([parseConfigFile(replica)], RECORDED.nodes, process.cwd(), notChecked);
    expect(m.map((x) => [x.node.address, x.by])).toEqual([['127.0.0.1:17102', 'its port 17102']]);
  });

  it('one file and a single-node deployment: the file applies whatever its port, and a different port is a finding', () => {
    const single: Snapshot = { ...RECORDED, nodes: [RECORDED.nodes[0]!] };
    const { findings } = run([replica], [single], 'redis@7.0.15');
    expect(differs(findings).map((f) => f.subject).sort()).toEqual(['directive:notify-keyspace-events', 'directive:port', 'directive:replicaof']);
    expect(differs(findings)[0]?.message).toMatch(/file matched to the node by the only file and the only node/);
  });

  it('two files on one port are not guessed between', () => {
    const notChecked: { input: string; reason: string }[] = [];
    const copy = join(mkdtempSync(join(tmpdir(), 'rul-fvr-')), 'copy.conf');
    writeFileSync(copy, 'port 17101\n');
    expect(matchFilesToNodes([parseConfigFile(master), parseConfigFile(copy)], RECORDED.nodes, process.cwd(), notChecked)).toEqual([]);
    expect(notChecked).toEqual([{ input: '127.0.0.1:17101', reason: expect.stringMatching(/several files set its port 17101 \(.*master-17101\.conf, .*copy\.conf\)/) }]);
  });

  it('without a snapshot, or with --skip of both rules, nothing is compared', () => {
    expect(run([master], [], 'redis@7.0.15').findings).toEqual([]);
    const ctx = liveContext('redis@7.0.15', 'redis@7.4');
    const rules = builtinIndex().rules.filter((r) => !r.id.startsWith('config.running-'));
    expect(checkFileVsRunning([parseConfigFile(master)], [RECORDED], rules, ctx)).toEqual([]);
  });
});

describe('value forms the server treats as the same', () => {
  const spec = (name: string) => liveContext('redis@7.4', 'redis@7.4').target.effective(name);
  const same = (name: string, file: string[][], running: string) =>
    comparableValue(name, spec(name), file) === comparableValue(name, spec(name), [running.split(' ').filter(Boolean)]);

  it.each([
    ['maxmemory', [['100mb']], '104857600'],
    ['maxmemory', [['1GB']], '1073741824'],
    ['maxmemory', [['2g']], '2000000000'],
    ['maxmemory-clients', [['5%']], '5%'],
    ['appendonly', [['YES']], 'yes'],
    ['loglevel', [['NOTICE']], 'notice'],
    ['save', [['900', '1'], ['300', '10']], '300 10 900 1'],
    ['save', [['900', '1'], [''], ['60', '100']], '60 100'],
    ['save', [['']], ''],
    ['client-output-buffer-limit', [['replica', '256mb', '64mb', '60']], 'slave 268435456 67108864 60'],
    ['notify-keyspace-events', [['KEA']], 'AKE'],
    ['notify-keyspace-events', [['Kg$lshzxetd']], 'AK'],
    ['replicaof', [['no', 'one']], ''],
    ['unixsocketperm', [['0700']], '700'],
    ['latency-tracking-info-percentiles', [['50', '99.0', '99.90']], '50 99 99.9'],
    ['dir', [['/var/lib/redis/']], '/var/lib/redis'],
  ])('%s %j = CONFIG GET %j', (name, file, running) => {
    expect(same(name, file, running)).toBe(true);
  });

  it.each([
    ['maxmemory', [['100mb']], '100000000'],
    ['save', [['900', '1']], '900 1 300 10'],
    ['notify-keyspace-events', [['KEA']], 'KEx'],
    ['logfile', [['/var/log/Redis.log']], '/var/log/redis.log'],
    ['replicaof', [['10.0.0.1', '6379']], ''],
  ])('%s %j ≠ CONFIG GET %j', (name, file, running) => {
    expect(same(name, file, running)).toBe(false);
  });

  it('a relative dir cannot be compared', () => {
    expect(comparableValue('dir', spec('dir'), [['./']])).toBeUndefined();
  });
});

/**
 * A real Debian redis-server started from its file alone (no command-line overrides), then changed
 * by the test with CONFIG SET (the collector itself only reads).
 */
describe('a real server changed with CONFIG SET after it started from its file', () => {
  const PASSWORD = 'file-vs-running-pw';
  let dir = '';
  let conf = '';
  let port = 0;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rul-fvr-'));
    port = await freePort();
    conf = join(dir, 'redis.conf');
    writeFileSync(conf, [
      `port ${port}`, 'bind 127.0.0.1', `dir ${dir}/`, 'daemonize no', 'logfile ""', `requirepass ${PASSWORD}`,
      'maxmemory 100mb', 'maxmemory-policy ALLKEYS-LRU', 'save 900 1', 'save 300 10', 'appendonly no',
      'client-output-buffer-limit replica 256mb 64mb 60', 'notify-keyspace-events KEA', 'slave-serve-stale-data no', 'loglevel NOTICE',
      'rename-command FLUSHALL ""', '',
    ].join('\n'));
    child = spawn(REDIS_SERVER, [conf], { cwd: dir, stdio: 'ignore' });
    for (let tries = 0; (await redisCli(port, ['PING'], { password: PASSWORD, timeoutMs: 500 })).stdout.trim() !== 'PONG'; tries++) {
      if (tries > 100) throw new Error(`${REDIS_SERVER} ${conf} did not answer on 127.0.0.1:${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function check() {
    const snap = await collectLive(`redis://:${PASSWORD}@127.0.0.1:${port}`, { connectTimeout: 2000, commandTimeout: 5000, concurrency: 2 });
    const version = snap.nodes[0]?.info.server?.redis_version as string;
    return run([conf], [snap], `redis@${version}`);
  }

  it('straight after the start, the file and the running configuration agree', async () => {
    const { findings } = await check();
    expect(differs(findings)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'config.running-not-in-file')).toEqual([]);
  });

  it('CONFIG SET without CONFIG REWRITE: each changed directive at its line, a setting outside the file as info, secrets never', async () => {
    await cliOk(port, ['CONFIG', 'SET', 'maxmemory', '200mb'], { password: PASSWORD });
    await cliOk(port, ['CONFIG', 'SET', 'save', '60 1000'], { password: PASSWORD });
    await cliOk(port, ['CONFIG', 'SET', 'client-output-buffer-limit', 'replica 512mb 128mb 60'], { password: PASSWORD });
    await cliOk(port, ['CONFIG', 'SET', 'hz', '25'], { password: PASSWORD });
    await cliOk(port, ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], { password: PASSWORD });
    const { findings, notChecked } = await check();
    expect(differs(findings).map((f) => [f.subject, 'file' in f.location ? f.location.line : 0])).toEqual([
      ['directive:maxmemory', lineOf(conf, 'maxmemory 100mb')],
      ['directive:save', lineOf(conf, 'save 300 10')],
      ['directive:client-output-buffer-limit', lineOf(conf, 'client-output-buffer-limit')],
    ]);
    expect(differs(findings)[0]?.message).toMatch(/^maxmemory is 209715200 on 127\.0\.0\.1:\d+ but .*redis\.conf sets 100mb \(file matched to the node by its INFO config_file /);
    expect(differs(findings)[1]?.message).toMatch(/save is 60 1000 .* sets 900 1 \+ 300 10/);
    expect(findings.filter((f) => f.ruleId === 'config.running-not-in-file').map((f) => f.subject)).toEqual(['directive:hz']);
    const all = JSON.stringify(findings) + JSON.stringify(notChecked);
    expect(all).not.toContain(PASSWORD);
    expect(notChecked).toEqual(expect.arrayContaining([
      { input: conf, reason: expect.stringMatching(/^requirepass: secrets/), notApplicable: true },
      { input: conf, reason: expect.stringMatching(/^rename-command: not shown by CONFIG GET/), notApplicable: true },
    ]));
  });
});
