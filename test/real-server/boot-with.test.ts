import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBootProof } from '../../src/checks/boot/index.js';
import { runCheck, type CheckOptions, type CheckResult } from '../../src/checks/run.js';
import { compareFindings } from '../../src/report/finding.js';
import { ROOT } from '../helpers/cli.js';
import { REDIS_SERVER, serverVersion } from '../helpers/redis-server.js';
import { cliOk, startStandalone } from '../helpers/topology.js';

/**
 * Proof by booting the target (--boot-with), with Debian's redis-server 7.0.15 and its
 * redis-check-rdb / redis-check-aof, for target redis@7.0.
 */
const TARGET = 'redis@7.0';
const FIX = join(ROOT, 'fixtures', 'boot');
const GOOD = join(FIX, 'good.conf');
const BAD = join(FIX, 'bad.conf');
/** Every secret the fixtures carry: none may appear in what the boot proof adds to a report. */
const SECRETS = ['replication secret 42', 'client-password-0815', 'alice-password-77', 'horse-battery-staple', 'correct horse'];

const check = (conf: string, extra: Partial<CheckOptions> = {}) => runCheck({ paths: [conf], target: TARGET, from: TARGET, cwd: FIX, ...extra });
const added = (r: CheckResult) => r.report.findings.filter((f) => /^(boot|data)\./.test(f.ruleId));
const ids = (r: CheckResult) => added(r).map((f) => f.ruleId);
/** All the boot proof wrote into the result. */
const shown = (r: CheckResult) => JSON.stringify([added(r), r.report.inputs, r.report.notChecked, r.errors, r.report.summary]);

let tmp: string;
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  expect(serverVersion()).toMatch(/^7\.0\./);
  // The booter's temporary directories go here, so the test can see that none is left behind.
  tmp = mkdtempSync(join(tmpdir(), 'rul-bootwith-test-'));
  process.env.TMPDIR = tmp;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

describe(`--boot-with ${REDIS_SERVER} for ${TARGET}`, () => {
  it('a good configuration: the packs predict a start, the server starts, locally, and nothing is left behind', async () => {
    const r = check(GOOD);
    expect(r.report.findings.filter((f) => f.blocksStartup)).toEqual([]);
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX });
    expect(ids(r)).toEqual(['boot.started']);
    const started = added(r)[0];
    expect(started?.location).toEqual({ file: GOOD });
    expect(started?.evidence).toMatch(new RegExp(`replicaof at ${GOOD}:15 → a local port that never answers`));
    expect(started?.evidence).toMatch(new RegExp(`dir at ${GOOD}:12 → the temporary directory`));
    expect(started?.evidence).toMatch(/unixsocket → a socket in the temporary directory/);
    expect(r.report.inputs).toContainEqual({ path: GOOD, kind: 'boot', binary: REDIS_SERVER, version: 'redis@7.0.15', outcome: 'started' });
    expect(r.report.summary).toMatchObject({ verdict: 'clear', error: 0, info: r.report.findings.filter((f) => f.severity === 'info').length });
    expect(r.errors).toEqual([]);
    for (const s of SECRETS) expect(JSON.stringify(r.report)).not.toContain(s);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a bad configuration: refused at the line the packs predicted, in the server\'s own words, redacted', async () => {
    const r = check(BAD);
    const predicted = r.report.findings.filter((f) => f.blocksStartup).map((f) => [f.ruleId, f.location]);
    expect(predicted).toEqual([['config.invalid-value', { file: BAD, line: 7 }], ['config.unknown-directive', { file: BAD, line: 8 }]]);
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX });
    expect(ids(r)).toEqual(['boot.refused']);
    const refused = added(r)[0];
    expect(refused).toMatchObject({ severity: 'error', blocksStartup: true, location: { file: BAD, line: 7 } });
    expect(refused?.message).toBe(`redis 7.0.15 (${REDIS_SERVER}) refused to start with this configuration: 'requirepass <redacted>': wrong number of arguments`);
    expect(refused?.evidence).toBe("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) *** | Reading the configuration file, at line 7 | >>> 'requirepass <redacted>' | wrong number of arguments");
    expect(r.report.inputs).toContainEqual({ path: BAD, kind: 'boot', binary: REDIS_SERVER, version: 'redis@7.0.15', outcome: 'refused' });
    expect(r.report.summary).toMatchObject({ verdict: 'blocked', blocksStartup: 3, error: 3, total: r.report.findings.length });
    expect(r.report.findings).toEqual([...r.report.findings].sort(compareFindings));
    for (const s of SECRETS) expect(shown(r)).not.toContain(s);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('a cluster node boots alone', () => {
  it('with its own nodes.conf in the temporary directory and free ports for the bus', async () => {
    const dir = mkdtempSync(join(tmp, 'cluster-'));
    const conf = join(dir, 'node.conf');
    writeFileSync(conf, 'cluster-enabled yes\ncluster-config-file /var/lib/redis/nodes-6379.conf\ncluster-port 16379\n');
    const r = runCheck({ paths: [conf], target: TARGET, from: TARGET, cwd: dir });
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: dir });
    expect(ids(r)).toEqual(['boot.started']);
    expect(added(r)[0]?.evidence).toMatch(/cluster-config-file → a new file in the temporary directory \(no other node known\); cluster-port → a free loopback port/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('disagreement between the packs and the server is a finding', () => {
  it('a pack that is wrong on purpose predicts a refusal the server does not make', async () => {
    const rulesDirs = [join(FIX, 'wrong-pack')];
    const r = check(GOOD, { rulesDirs });
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, rulesDirs });
    expect(ids(r).sort()).toEqual(['boot.prediction-mismatch', 'boot.started']);
    const m = added(r).find((f) => f.ruleId === 'boot.prediction-mismatch');
    expect(m).toMatchObject({ severity: 'error', location: { file: join(FIX, 'conf.d', '10-tuning.conf'), line: 2 } });
    expect(m?.blocksStartup).toBeUndefined();
    expect(m?.message).toMatch(/^The packs predicted a refusal \(wrong\.hz-refused at .*10-tuning\.conf:2\), but redis 7\.0\.15 .* started and answered PING/);
    expect(m?.fix).toMatch(/wrong-on-purpose \(.*wrong\.yaml\)/);
  });

  it('packs that miss a refusal the server makes', async () => {
    const skip = ['config.invalid-value', 'config.unknown-directive'];
    const r = check(BAD, { skip });
    expect(r.report.findings.filter((f) => f.blocksStartup)).toEqual([]);
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, skip });
    const m = added(r).find((f) => f.ruleId === 'boot.prediction-mismatch');
    expect(m?.location).toEqual({ file: BAD, line: 7 });
    expect(m?.message).toMatch(/^The packs predicted no refusal, but redis 7\.0\.15 .* refused to start \('requirepass <redacted>': wrong number of arguments\)/);
    expect(ids(r).sort()).toEqual(['boot.prediction-mismatch', 'boot.refused']);
  });

  it('packs that flag a later line but miss the line the server stops at', async () => {
    const skip = ['config.invalid-value'];
    const r = check(BAD, { skip });
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, skip });
    const m = added(r).find((f) => f.ruleId === 'boot.prediction-mismatch');
    expect(m?.location).toEqual({ file: BAD, line: 7 });
    expect(m?.message).toContain(`predicted refusals only elsewhere (config.unknown-directive at ${BAD}:8)`);
    expect(m?.message).toContain(`refused first at ${BAD}:7`);
  });

  it('--only/--skip apply to the boot rules too', async () => {
    const r = check(BAD);
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, skip: ['boot.refused'] });
    expect(ids(r)).toEqual([]);
    expect(r.report.inputs).toContainEqual(expect.objectContaining({ kind: 'boot', outcome: 'refused' }));
  });
});

describe('what is not booted is listed, never skipped silently', () => {
  it('a binary of another release line than the target: notChecked, and no disagreement claimed', async () => {
    const r = runCheck({ paths: [BAD], target: 'redis@7.4', from: 'redis@7.0', cwd: FIX });
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX });
    expect(ids(r)).toEqual([]);
    expect(r.report.notChecked).toContainEqual({ input: BAD, reason: `not booted: redis@7.0.15 (${REDIS_SERVER}) is not the target redis@7.4: booting it proves nothing about the target; give a redis 7.4 binary` });
  });

  it('a target patch release other than the binary\'s: booted, and the difference listed', async () => {
    const r = runCheck({ paths: [GOOD], target: 'redis@7.0.4', from: 'redis@7.0', cwd: FIX });
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX });
    expect(ids(r)).toEqual(['boot.started']);
    expect(r.report.notChecked).toContainEqual({ input: REDIS_SERVER, reason: 'redis@7.0.15 is not exactly the target redis@7.0.4: what it proves holds for 7.0.15' });
  });

  it('a Sentinel configuration', async () => {
    const dir = mkdtempSync(join(tmp, 'sentinel-'));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(conf, 'port 26379\nsentinel monitor mymaster 10.0.0.20 6379 2\nsentinel auth-pass mymaster sentinel-secret-9\n');
    const r = runCheck({ paths: [conf], target: TARGET, from: TARGET, cwd: dir });
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: dir });
    expect(ids(r)).toEqual([]);
    expect(r.report.notChecked).toContainEqual({ input: conf, reason: expect.stringMatching(/^not booted with .*: a Sentinel would contact the masters it monitors/) });
    expect(r.report.notChecked).toContainEqual({ input: REDIS_SERVER, reason: 'no server configuration to boot and no --rdb / --aof to check' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('a binary that is not there: a one-line error and notChecked, no exception', async () => {
    const r = check(GOOD);
    await addBootProof(r, { bootWith: '/nonexistent/redis-server', cwd: FIX });
    expect(r.errors).toEqual(['/nonexistent/redis-server: cannot boot the target: no such file']);
    expect(r.report.notChecked).toContainEqual({ input: '/nonexistent/redis-server', reason: 'cannot boot the target: no such file' });
    expect(ids(r)).toEqual([]);
  });

  it('a server that neither answers nor exits in time (no time at all): a warning, and the prediction not compared', async () => {
    const rulesDirs = [join(FIX, 'wrong-pack')];
    const r = check(GOOD, { rulesDirs });
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, rulesDirs, timeoutMs: 0 });
    expect(ids(r)).toEqual(['boot.no-answer']);
    expect(added(r)[0]?.message).toMatch(/neither answered PING nor exited within 0 ms and was stopped/);
    expect(r.report.notChecked).toContainEqual({ input: GOOD, reason: `the prediction was not compared: ${REDIS_SERVER} neither answered nor exited within 0 ms` });
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('redis-check-rdb and redis-check-aof of the target, on copies of the data', () => {
  let data: string;
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  beforeAll(async () => {
    data = mkdtempSync(join(tmp, 'data-'));
    const s = await startStandalone();
    try {
      await cliOk(s.port, ['RPUSH', 'list', 'a', 'b', 'c']);
      await cliOk(s.port, ['SET', 'k', 'v']);
      await cliOk(s.port, ['SAVE']);
      await cliOk(s.port, ['CONFIG', 'SET', 'appendfsync', 'always']);
      await cliOk(s.port, ['CONFIG', 'SET', 'appendonly', 'yes']); // 7.0 writes appendonlydir: a base RDB, an incr AOF, the manifest
      for (let i = 0; i < 200; i++) {
        const info = await cliOk(s.port, ['INFO', 'persistence']);
        if (/aof_enabled:1/.test(info) && /aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      await cliOk(s.port, ['SET', 'after', 'aof']);
      copyFileSync(join(s.dir, 'dump.rdb'), join(data, 'dump.rdb'));
      cpSync(join(s.dir, 'appendonlydir'), join(data, 'appendonlydir'), { recursive: true });
    } finally {
      await s.stop();
    }
    const rdb = readFileSync(join(data, 'dump.rdb'));
    writeFileSync(join(data, 'truncated.rdb'), rdb.subarray(0, rdb.length - 20));
    cpSync(join(data, 'appendonlydir'), join(data, 'broken-aof'), { recursive: true });
    const incr = readdirSync(join(data, 'broken-aof')).find((f) => f.endsWith('.incr.aof')) as string;
    appendFileSync(join(data, 'broken-aof', incr), '*3\r\n$3\r\nSET\r\n$1\r\nx'); // a command cut short
  });

  it('the files the server wrote pass', async () => {
    const r = check(GOOD);
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, rdb: join(data, 'dump.rdb'), aof: join(data, 'appendonlydir') });
    expect(ids(r)).toEqual(['boot.started']);
    expect(r.report.inputs).toContainEqual({ path: join(data, 'dump.rdb'), kind: 'rdb-check', binary: '/usr/bin/redis-check-rdb', version: 'redis@7.0.15', outcome: 'ok' });
    expect(r.report.inputs).toContainEqual({ path: join(data, 'appendonlydir'), kind: 'aof-check', binary: '/usr/bin/redis-check-aof', version: 'redis@7.0.15', outcome: 'ok' });
  });

  it('a truncated RDB and an AOF with a cut command fail, and the originals are untouched', async () => {
    const before = [sha(join(data, 'truncated.rdb')), ...readdirSync(join(data, 'broken-aof')).sort().map((f) => sha(join(data, 'broken-aof', f)))];
    const r = check(GOOD);
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, rdb: join(data, 'truncated.rdb'), aof: join(data, 'broken-aof') });
    const rdb = added(r).find((f) => f.ruleId === 'data.rdb-check-failed');
    expect(rdb).toMatchObject({ severity: 'error', blocksStartup: true, location: { file: join(data, 'truncated.rdb') } });
    expect(rdb?.message).toMatch(/^redis-check-rdb of redis 7\.0\.15 .* finds this RDB file unreadable \(Unexpected EOF reading RDB file\)/);
    expect(rdb?.evidence).toMatch(/^--- RDB ERROR DETECTED --- \| \[offset \d+\] Unexpected EOF reading RDB file/);
    const aof = added(r).find((f) => f.ruleId === 'data.aof-check-failed');
    expect(aof).toMatchObject({ severity: 'error', location: { file: join(data, 'broken-aof') } });
    expect(aof?.blocksStartup).toBeUndefined();
    expect(aof?.evidence).toMatch(/Expected to read 3 bytes, got 1 bytes/);
    expect(aof?.evidence).toMatch(/is not valid/);
    expect(shown(r)).not.toMatch(/rul-(data|boot)-/); // the booter's temporary directories
    const after = [sha(join(data, 'truncated.rdb')), ...readdirSync(join(data, 'broken-aof')).sort().map((f) => sha(join(data, 'broken-aof', f)))];
    expect(after).toEqual(before);
    expect(readdirSync(tmp).filter((d) => !d.startsWith('data-'))).toEqual([]);
  });

  it('data that is not there: a one-line error', async () => {
    const r = check(GOOD);
    await addBootProof(r, { bootWith: REDIS_SERVER, cwd: FIX, rdb: join(data, 'none.rdb'), aof: data });
    expect(r.errors).toEqual([
      `${join(data, 'none.rdb')}: not checked: no such file or directory`,
      `${data}: not checked: no *.manifest file in the directory (a multi-part AOF directory of 7.0+ has one); give the AOF file itself for older servers`,
    ]);
    expect(r.report.notChecked.map((n) => n.input)).toEqual([join(data, 'none.rdb'), data]);
    expect(ids(r)).toEqual(['boot.started']);
  });

  const OLD = '/opt/servers/redis-6.2.16/redis-server';
  it.runIf(existsSync(OLD))('a rollback to 6.2: its tools refuse what 7.0 wrote (RDB version 10, the multi-part AOF)', async () => {
    const r = runCheck({ paths: [GOOD], target: 'redis@6.2', from: 'redis@7.0', cwd: FIX });
    await addBootProof(r, { bootWith: OLD, cwd: FIX, rdb: join(data, 'dump.rdb'), aof: join(data, 'appendonlydir') });
    expect(added(r).find((f) => f.ruleId === 'data.rdb-check-failed')?.message).toMatch(/unreadable \(Can't handle RDB format version 10\)/);
    expect(added(r).find((f) => f.ruleId === 'data.aof-check-failed')?.evidence).toMatch(/not valid/);
  });
});
