import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import type { Finding } from '../../src/report/finding.js';
import { checkApp, ruleIds } from '../helpers/source-apps.js';

const where = (f: Finding) => ('file' in f.location ? `${f.location.file.split('/').slice(-1)[0]}:${f.location.line ?? ''}` : '');

describe('Lettuce handshake regressions (manifest rules)', () => {
  it('flags Lettuce 6.4.x from a pom.xml property against a server below 6.0, at the dependency', () => {
    const report = checkApp('java-lettuce64-maven', 'redis@5.0');
    const bad = report.findings.filter((f) => f.ruleId === 'java.lettuce.handshake-6.4');
    expect(bad.map(where)).toEqual(['pom.xml:13']);
    expect(bad[0]).toMatchObject({ severity: 'error', evidence: 'io.lettuce:lettuce-core 6.4.1.RELEASE', boundary: 'target server below 6.0.0' });
    expect(bad[0]?.message).toMatch(/^io\.lettuce:lettuce-core 6\.4\.1\.RELEASE: Lettuce 6\.4\.x writes SELECT\/READONLY/);
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'lettuce', from: '6.4.1', goal: '7.7.0' })]);
  });

  it('stays quiet on servers that understand HELLO (6.0+)', () => {
    for (const target of ['redis@6.0', 'redis@6.2', 'redis@7.0', 'redis@7.4', 'valkey@7.2']) {
      expect(ruleIds(checkApp('java-lettuce64-maven', target).findings, 'java.lettuce.handshake'), target).toEqual([]);
    }
  });

  it('flags Lettuce 6.3.x (CLIENT SETINFO failure fails the connection) from build.gradle, and not 6.4.x', () => {
    const setinfo = checkApp('java-lettuce63-gradle', 'redis@7.4').findings.filter((f) => f.ruleId === 'java.lettuce.setinfo-6.3');
    expect(setinfo.map(where)).toEqual(['build.gradle:8']);
    expect(setinfo[0]).toMatchObject({ severity: 'warning', evidence: 'io.lettuce:lettuce-core 6.3.2.RELEASE' });
    expect(ruleIds(checkApp('java-lettuce64-maven', 'redis@7.4').findings, 'java.lettuce.setinfo-6.3')).toEqual([]);
    // a server below 7.2 never gets CLIENT SETINFO from 6.3.x
    expect(ruleIds(checkApp('java-lettuce63-gradle', 'redis@7.0').findings, 'java.lettuce.setinfo-6.3')).toEqual([]);
  });
});

describe('Lettuce 4 (biz.paluch.redis:lettuce)', () => {
  const report = checkApp('java-lettuce4-maven', 'redis@7.4');

  it('reads 4.5.0.Final as 4.5.0 and plans the upgrade to the newest 7.x', () => {
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'lettuce', from: '4.5.0', goal: '7.7.0', needed: '6.0.0' })]);
  });

  it('reports the artifact move at the pom.xml dependency and the package move at each com.lambdaworks import', () => {
    expect(report.findings.filter((f) => f.ruleId === 'java.lettuce.coordinates-5').map(where)).toEqual(['pom.xml:9']);
    expect(report.findings.filter((f) => f.ruleId === 'java.lettuce.packages-5').map(where)).toEqual(['LegacyCache.java:3', 'LegacyCache.java:4']);
    expect(report.findings.filter((f) => f.ruleId === 'java.lettuce.connection-apis-5').map(where)).toEqual(['LegacyCache.java:10']);
  });

  it('keeps the 5.0 and 6.0 breaks as errors (Redis 7.4 needs Lettuce 6.0) and says Lettuce 4 is too old', () => {
    expect(report.findings.find((f) => f.ruleId === 'java.lettuce.packages-5')?.severity).toBe('error');
    expect(report.findings.find((f) => f.ruleId === 'manifest.library-too-old')).toMatchObject({ evidence: 'biz.paluch.redis:lettuce 4.5.0.Final' });
    expect(report.findings.find((f) => f.ruleId === 'manifest.library-too-old')?.message).toMatch(/older than 6\.0\.0/);
  });
});

describe('Jedis 3 from build.gradle.kts', () => {
  it('--clients compatible on Redis 7.4: Jedis 3.10.0 must reach 5.0.0 (README table), the 4.0 breaks stay errors', () => {
    const report = checkApp('java-jedis3-gradle', 'redis@7.4', { clients: 'compatible' });
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'jedis', from: '3.10.0', goal: '5.0.0', needed: '5.0.0' })]);
    expect(report.findings.filter((f) => f.ruleId.startsWith('java.jedis.')).map((f) => `${f.ruleId} ${where(f)} ${f.severity}`)).toEqual([
      'java.jedis.sharded-removed-4 Leaderboard.java:6 error',
      'java.jedis.package-moves-4 Leaderboard.java:7 error',
      'java.jedis.return-types-4 Leaderboard.java:16 error',
    ]);
    expect(report.findings.find((f) => f.ruleId === 'manifest.library-too-old')).toMatchObject({ evidence: 'redis.clients:jedis 3.10.0' });
  });

  it('on Redis 6.2 Jedis 3 is supported: with --clients latest the same breaks are advisable, so warnings', () => {
    const report = checkApp('java-jedis3-gradle', 'redis@6.2');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'jedis', from: '3.10.0', goal: '7.5.3' })]);
    const jedis = report.findings.filter((f) => f.ruleId.startsWith('java.jedis.'));
    expect(jedis.map((f) => f.ruleId).sort()).toEqual([
      'java.jedis.package-moves-4', 'java.jedis.return-types-4', 'java.jedis.setinfo-5', 'java.jedis.sharded-removed-4',
    ]);
    expect(jedis.every((f) => f.severity === 'warning')).toBe(true);
    expect(ruleIds(report.findings, 'manifest.library-too-old')).toEqual([]);
  });

  it('Redis 7.0 target: upgrading past Jedis 5.0 starts CLIENT SETINFO, reported at the pool construction', () => {
    const latest = checkApp('java-jedis3-gradle', 'redis@7.0');
    expect(latest.findings.filter((f) => f.ruleId === 'java.jedis.setinfo-5').map(where)).toEqual(['Leaderboard.java:12']);
    // Redis 7.0 needs only Jedis 4.0 (README table): the compatible upgrade stops before 5.0
    const compatible = checkApp('java-jedis3-gradle', 'redis@7.0', { clients: 'compatible' });
    expect(compatible.libraries).toEqual([expect.objectContaining({ name: 'jedis', goal: '4.0.0', needed: '4.0.0' })]);
    expect(ruleIds(compatible.findings, 'java.jedis.setinfo-5')).toEqual([]);
  });
});

describe('commands in code: capability guards (@EnabledOnCommand, @EnabledOnRedisVersion)', () => {
  /** The command findings of one Java test class whose test method carries `annotation` and sends HGETDEL and GEORADIUS. */
  function sends(annotation: string, target: string, from = 'redis@6.0') {
    const dir = mkdtempSync(join(tmpdir(), 'rul-guards-'));
    const file = join(dir, 'GuardedTests.java');
    writeFileSync(file, [
      'import redis.clients.jedis.Jedis;',
      'class GuardedTests {',
      `  ${annotation}`,
      '  void test(Jedis jedis) {',
      '    jedis.hgetdel("k", "f");',
      '    jedis.georadius("g", 1.0, 2.0, 3.0, unit);',
      '  }',
      '}',
    ].join('\n'));
    const { report } = runCheck({ paths: [file], target, from, libraryVersions: { jedis: '5.1.0' } });
    return report.findings.filter((f) => f.ruleId.startsWith('source.command-')).map((f) => `${f.ruleId} ${f.message.split(' ')[0]}`);
  }

  it('leaves out a missing command sent only where the target never runs the code; the deprecated one stays', () => {
    for (const guard of ['@EnabledOnCommand("HGETDEL")', '@EnabledOnCommand("hgetdel")', '@EnabledOnCommand("HSETEX")', '@EnabledOnRedisVersion("8.0")', '@EnabledOnRedisVersion(value = "8.0.0")']) {
      expect(sends(guard, 'redis@7.4'), guard).toEqual(['source.command-deprecated GEORADIUS']);
    }
  });

  it('reports the send when the target passes the guard, or the guard proves nothing', () => {
    // Redis 7.4 has XADD and is 7.0 or later; a module command or an unknown one says nothing about 7.4.
    for (const guard of ['@EnabledOnCommand("XADD")', '@EnabledOnRedisVersion("7.0")', '@EnabledOnCommand("JSON.GET")', '@EnabledOnCommand("NOSUCHCOMMAND")', '@EnabledOnCommand', '@Disabled("HGETDEL")']) {
      expect(sends(guard, 'redis@7.4'), guard).toEqual(['source.command-missing HGETDEL', 'source.command-deprecated GEORADIUS']);
    }
  });

  it('compares version guards with the redis_version Valkey reports (7.2.4)', () => {
    expect(sends('@EnabledOnRedisVersion("7.4")', 'valkey@8.0', 'redis@7.2')).toEqual([]);
    expect(sends('@EnabledOnRedisVersion("7.2")', 'valkey@8.0', 'redis@7.2')).toEqual(['source.command-missing HGETDEL']);
  });
});
