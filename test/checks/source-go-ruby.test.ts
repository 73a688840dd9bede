import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import type { Finding } from '../../src/report/finding.js';
import { APPS } from '../helpers/source-apps.js';


function check(app: string, target: string, paths: string[] = [app]) {
  const dir = join(APPS, app);
  const { report } = runCheck({ paths: paths.map((p) => join(APPS, p)), target, cwd: dir });
  return { report, dir };
}

/** `ruleId file:line` of the findings of one pack's rules, sorted. */
function hits(findings: Finding[], dir: string, prefix: string): string[] {
  return findings
    .filter((f) => f.ruleId.startsWith(prefix))
    .map((f) => {
      const loc = f.location as { file?: string; line?: number };
      return `${f.ruleId} ${relative(dir, loc.file ?? '')}:${loc.line ?? ''}`;
    })
    .sort();
}

describe('go-redis pack on an application', () => {
  it('plans 8.11.5 → 9.22.0 from go.mod and reports the v8 → v9 changes of files importing /v8 only', () => {
    const { report, dir } = check('go-v8-app', 'redis@7.0');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'go-redis', from: '8.11.5', goal: '9.22.0' })]);
    expect(hits(report.findings, dir, 'go.goredis.')).toEqual([
      'go.goredis.defaults-9.22 cache.go:16',
      'go.goredis.import-path-v9 cache.go:8',
      'go.goredis.pool-options-renamed cache.go:18',
      'go.goredis.resp3-hello cache.go:16',
      'go.goredis.setinfo-identity cache.go:16',
      'go.goredis.withcontext-removed cache.go:24',
      'go.goredis.xtrim-removed cache.go:28',
    ]);
    const xtrim = report.findings.find((f) => f.ruleId === 'go.goredis.xtrim-removed');
    expect(xtrim?.boundary).toBe('go-redis 8.11.5 → 9.22.0 crosses 9.0.0');
    // an error the target server does not force is reported as a warning
    expect(xtrim?.severity).toBe('warning');
  });

  it('keeps CLIENT SETINFO advice for targets older than 7.2 only', () => {
    const { report, dir } = check('go-v8-app', 'redis@7.4');
    expect(hits(report.findings, dir, 'go.goredis.setinfo-identity')).toEqual([]);
    expect(hits(report.findings, dir, 'go.goredis.xtrim-removed')).toEqual(['go.goredis.xtrim-removed cache.go:28']);
  });

  it('flags go-redis 9.5.0 against a server older than 7.2, and CVE-2025-29923 on any target', () => {
    const old = check('go-v9-setinfo', 'redis@7.0');
    expect(hits(old.report.findings, old.dir, 'go.goredis.').filter((h) => h.includes('go.mod'))).toEqual([
      'go.goredis.bad-9.5.0 go.mod:5',
      'go.goredis.cve-2025-29923 go.mod:5',
    ]);
    const bad = old.report.findings.find((f) => f.ruleId === 'go.goredis.bad-9.5.0');
    expect(bad?.severity).toBe('error');
    expect(bad?.evidence).toBe('github.com/redis/go-redis/v9 v9.5.0');
    expect(bad?.message).toMatch(/unknown subcommand 'setinfo'.*redis@7\.0/);

    const current = check('go-v9-setinfo', 'redis@7.2');
    expect(hits(current.report.findings, current.dir, 'go.goredis.').filter((h) => h.includes('go.mod'))).toEqual([
      'go.goredis.cve-2025-29923 go.mod:5',
    ]);
  });

  it.each([
    ['v9.0.5', false], ['v9.1.0', false], ['v9.2.0', true], ['v9.5.4', true], ['v9.5.5', false],
    ['v9.6.0', true], ['v9.6.2', true], ['v9.6.3', false], ['v9.7.0', true], ['v9.7.2', true],
    ['v9.7.3', false], ['v9.8.0', false], ['v9.22.0', false],
  ])('CVE-2025-29923 range: %s affected = %s', (version, affected) => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-goredis-'));
    writeFileSync(join(dir, 'go.mod'), `module example.com/x\n\ngo 1.21\n\nrequire github.com/redis/go-redis/v9 ${version}\n`);
    const { report } = runCheck({ paths: [dir], target: 'redis@7.4', cwd: dir });
    expect(report.findings.some((f) => f.ruleId === 'go.goredis.cve-2025-29923')).toBe(affected);
    // 9.5.0 only matters below Redis 7.2
    expect(report.findings.some((f) => f.ruleId === 'go.goredis.bad-9.5.0')).toBe(false);
  });

  it('does not report the v8 module paths of go.mod as the v9 CVE', () => {
    const { report } = check('go-v8-app', 'redis@7.0');
    expect(report.findings.filter((f) => f.ruleId === 'go.goredis.cve-2025-29923' || f.ruleId === 'go.goredis.bad-9.5.0')).toEqual([]);
  });
});

describe('redis-rb pack on an application', () => {
  it('plans from Gemfile.lock and scans Rails files that use Redis without a require (the gem is declared)', () => {
    const { report, dir } = check('ruby-rails-v4', 'redis@7.0');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'redis-rb', from: '4.8.1', goal: '6.0.0' })]);
    expect(hits(report.findings, dir, 'rb.redis.')).toEqual([
      'rb.redis.connection-require-5 lib/store.rb:2',
      'rb.redis.current-removed-5 app/models/counter.rb:4',
      'rb.redis.pipelined-block-arg-5 app/models/counter.rb:12',
      'rb.redis.sadd-srem-integer-5 app/models/counter.rb:8',
      'rb.redis.setinfo-6 lib/store.rb:4',
    ]);
    expect(report.findings.find((f) => f.ruleId === 'rb.redis.current-removed-5')?.boundary).toBe('redis-rb 4.8.1 → 6.0.0 crosses 5.0.0');
  });

  it('misses a file without a require when no manifest declares the gem (the limit of the import gate)', () => {
    const { report, dir } = check('ruby-rails-v4', 'redis@7.0', [join('ruby-rails-v4', 'app')]);
    expect(hits(report.findings, dir, 'rb.redis.')).toEqual([]);
    expect(report.libraries).toEqual([]);
  });

  it('warns when redis 5 is locked with the hiredis gem but without hiredis-client', () => {
    const bad = check('ruby-v5-hiredis', 'redis@7.4');
    expect(hits(bad.report.findings, bad.dir, 'rb.redis.hiredis-client-5')).toEqual([
      'rb.redis.hiredis-client-5 Gemfile.lock:6',
      'rb.redis.hiredis-client-5 Gemfile:3',
    ]);
    expect(bad.report.libraries).toEqual([expect.objectContaining({ name: 'redis-rb', from: '5.0.8' })]);

    const good = check('ruby-v5-hiredis-client', 'redis@7.4');
    expect(hits(good.report.findings, good.dir, 'rb.redis.')).toEqual([]);
  });

  it('does not ask for hiredis-client before redis 5', () => {
    const { report, dir } = check('ruby-rails-v4', 'redis@7.4');
    expect(hits(report.findings, dir, 'rb.redis.hiredis-client-5')).toEqual([]);
  });
});
