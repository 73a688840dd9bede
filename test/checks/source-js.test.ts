import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleIndex } from '../../src/rulepack/load.js';
import type { Finding } from '../../src/report/finding.js';
import { ROOT } from '../helpers/cli.js';
import { checkApp, ruleIds } from '../helpers/source-apps.js';

const fileOf = (f: Finding) => ('file' in f.location ? f.location.file : '').split('/').slice(-2).join('/');

describe("a client from the application's own module", () => {
  it('checks a file that requires the module that creates the client, not one naming it in a comment', () => {
    const report = checkApp('js-wrapper-module', 'redis@7.4');
    const inJobs = report.findings.filter((f) => fileOf(f) === 'queue/jobs.js').map((f) => `${f.ruleId}:${(f.location as { line?: number }).line}`).sort();
    expect(inJobs).toEqual([
      'js.noderedis.camelcase-commands:4', 'js.noderedis.camelcase-commands:5',
      'source.command-deprecated:4', 'source.command-deprecated:5',
    ]);
    expect(report.findings.filter((f) => fileOf(f) === 'lib/notes.js')).toEqual([]);
    expect(report.inputs).toContainEqual(expect.objectContaining({ kind: 'source', files: 3, parsed: 2 }));
  });
});

describe("a client library's own package inside a monorepo", () => {
  it('is at its own version in its own directory only: tree-wide the lowest declared version still wins', () => {
    const report = checkApp('js-fork-in-monorepo', 'redis@7.4');
    expect(report.libraries.map((l) => [l.name, l.from, l.scope?.split('/').slice(-2).join('/')])).toEqual([
      ['ioredis', '4.27.0', undefined], ['ioredis', '4.27.0', 'apps/api'], ['ioredis', '5.3.2', 'packages/ioredis'],
    ]);
    expect(report.findings.filter((f) => f.ruleId === 'js.ioredis.new-required').map(fileOf).sort()).toEqual(['api/cache.js', 'tools/warm.js']);
  });
});

describe('ioredis manifest rules', () => {
  it('flags ioredis 5.8.0-5.8.1 (CLIENT SETINFO reconnect loop) against a server below 7.2, from the lock file', () => {
    const report = checkApp('js-ioredis-setinfo', 'redis@7.0');
    const loop = report.findings.filter((f) => f.ruleId === 'js.ioredis.setinfo-reconnect-loop');
    expect(loop.map(fileOf)).toEqual(['js-ioredis-setinfo/package-lock.json']);
    expect(loop[0]).toMatchObject({ severity: 'error', evidence: 'ioredis 5.8.1 (installed)', boundary: 'target server below 7.2.0' });
    expect(loop[0]?.message).toMatch(/ioredis 5\.8\.1 with a target server below 7\.2/);
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'ioredis', from: '5.8.1', goal: '6.0.0' })]);
  });

  it('stays quiet on servers that have CLIENT SETINFO (Redis 7.2+, Valkey 7.2+)', () => {
    for (const target of ['redis@7.2', 'redis@7.4', 'valkey@7.2']) {
      expect(ruleIds(checkApp('js-ioredis-setinfo', target).findings, 'js.ioredis.setinfo'), target).toEqual([]);
    }
  });

  it('flags @types/ioredis next to ioredis 5', () => {
    const types = checkApp('js-ioredis-types', 'redis@7.4').findings.filter((f) => f.ruleId === 'js.ioredis.types-package');
    expect(types.map(fileOf).sort()).toEqual(['js-ioredis-types/package-lock.json', 'js-ioredis-types/package.json']);
    expect(types.every((f) => f.evidence.startsWith('@types/ioredis '))).toBe(true);
  });

  it('flags @types/ioredis next to ioredis 4 only when the planned upgrade reaches 5.0', () => {
    // --clients latest: 4.28.5 → 6.0.0
    expect(ruleIds(checkApp('js-ioredis4', 'redis@7.4').findings, 'js.ioredis.types-package')).toEqual(['js.ioredis.types-package', 'js.ioredis.types-package']);
    // --clients compatible on Redis 7.4: ioredis 4 stays
    expect(ruleIds(checkApp('js-ioredis4', 'redis@7.4', { clients: 'compatible' }).findings, 'js.ioredis.types-package')).toEqual([]);
  });

  it('flags ioredis 6 against a server below 6.2 only', () => {
    expect(ruleIds(checkApp('js-ioredis6', 'redis@6.0').findings, 'js.ioredis.')).toEqual(['js.ioredis.v6-server-floor', 'js.ioredis.v6-server-floor']);
    expect(ruleIds(checkApp('js-ioredis6', 'redis@6.2').findings, 'js.ioredis.')).toEqual([]);
  });
});

describe('ioredis upgrade planned from the lock file', () => {
  it('--clients compatible on Redis 8: ioredis 4 must reach 5.0.0 (README versions table), and the 5.0 break stays an error', () => {
    const report = checkApp('js-ioredis4', 'redis@8.0', { clients: 'compatible' });
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'ioredis', from: '4.28.5', goal: '5.0.0', needed: '5.0.0' })]);
    const calls = report.findings.filter((f) => f.ruleId === 'js.ioredis.new-required');
    expect(calls.map((f) => `${fileOf(f)}:${'line' in f.location ? f.location.line : ''}`)).toEqual(['src/queue.ts:3']);
    expect(calls[0]?.severity).toBe('error');
    // 6.0 changes lie beyond the goal
    expect(ruleIds(report.findings, 'js.ioredis.resp3')).toEqual([]);
    // package.json and its lock file: one finding, at the declaration, naming what is installed
    const old = report.findings.filter((f) => f.ruleId === 'manifest.library-too-old');
    expect(old.map((f) => [`${fileOf(f)}:${'line' in f.location ? f.location.line : ''}`, f.evidence])).toEqual([['js-ioredis4/package.json:6', 'ioredis ^4.28.5 (installed: 4.28.5, package-lock.json:22)']]);
  });

  it('--clients latest on Redis 7.4: the same break is advisable, so a warning', () => {
    const report = checkApp('js-ioredis4', 'redis@7.4');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'ioredis', from: '4.28.5', goal: '6.0.0' })]);
    expect(report.findings.find((f) => f.ruleId === 'js.ioredis.new-required')?.severity).toBe('warning');
  });

  it('--clients compatible on Redis 7.4: ioredis 4 already supports it, nothing to upgrade', () => {
    const report = checkApp('js-ioredis4', 'redis@7.4', { clients: 'compatible' });
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'ioredis', from: '4.28.5', goal: '4.28.5' })]);
    expect(ruleIds(report.findings, 'js.ioredis.')).toEqual([]);
  });
});

describe('a workspace whose lock file sits at the root', () => {
  it('judges each package with the version the root lock installs for it, when its range allows it', () => {
    const report = checkApp('js-workspace', 'redis@7.4');
    const pkg = (f: Finding) => ('file' in f.location ? f.location.file : '').split('/packages/')[1]?.split('/')[0];
    expect(report.libraries.map((l) => [l.scope?.split('/').pop(), l.from])).toEqual([['js-workspace', '5.3.2'], ['api', '5.3.2'], ['legacy', '4.0.0']]);
    // ioredis 5.2.5 added the named export: the api package (^5.0.0, installed 5.3.2) has it, legacy (^4.0.0) does not
    expect(report.findings.filter((f) => f.ruleId === 'js.ioredis.named-import').map(pkg)).toEqual(['legacy']);
  });
});

describe('node-redis upgrade planned from the lock file', () => {
  // redis@4.7.1 installs @redis/client 1.6.1: the library version is read from `redis` only,
  // otherwise 1.6.1 would look like node-redis 1.x and turn on the 3 → 4 rules for v4 code.
  const report = checkApp('js-node-redis-v4', 'redis@7.4');

  it('reads node-redis 4.7.1 from `redis`, not 1.6.1 from @redis/client', () => {
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'node-redis', from: '4.7.1', goal: '6.3.1' })]);
  });

  it('reports the 4 → 5 change in v4 code and none of the 3 → 4 rules', () => {
    expect(ruleIds(report.findings, 'js.noderedis.')).toEqual(['js.noderedis.quit-disconnect']);
    const quit = report.findings.find((f) => f.ruleId === 'js.noderedis.quit-disconnect');
    expect(quit?.boundary).toBe('node-redis 4.7.1 → 6.3.1 crosses 5.0.0');
    expect(quit?.message).toContain('node-redis 4.7.1 → 6.3.1');
  });

  it('would report the 3 → 4 rule on the same code with node-redis 3 installed', () => {
    const v3 = checkApp('js-node-redis-v4', 'redis@7.4', { libraryVersions: { 'node-redis': '3.1.2' } });
    expect(ruleIds(v3.findings, 'js.noderedis.')).toEqual(['js.noderedis.auth-not-persisted', 'js.noderedis.quit-disconnect']);
  });
});

describe('JavaScript packs: fixtures cover every rule', () => {
  const index = loadRuleIndex();
  const packs = ['node-redis', 'ioredis'];

  it.each(packs)('%s: every source rule fires in a .js/.ts fixture and is kept quiet in one', (pack) => {
    const base = join(ROOT, 'fixtures', 'rules', 'source', 'javascript', pack);
    const files = readdirSync(base).filter((f) => /\.(js|ts|tsx)$/.test(f));
    expect(files.some((f) => f.endsWith('.ts'))).toBe(true);
    const text = files.map((f) => readFileSync(join(base, f), 'utf8')).join('\n');
    const rules = index.rules.filter((r) => r.pack === pack && r.inputs.includes('source'));
    expect(rules.length).toBeGreaterThan(5);
    for (const r of rules) {
      const id = r.id.replace(/\./g, '\\.');
      expect(text, `${r.id} fires somewhere`).toMatch(new RegExp(`//\\s*ruleid:.*\\b${id}(?![\\w.-])`));
      expect(text, `${r.id} stays quiet somewhere`).toMatch(new RegExp(`//\\s*ok:.*\\b${id}(?![\\w.-])`));
    }
  });

  it.each(packs)('%s: every manifest rule is exercised by this file', (pack) => {
    const self = readFileSync(join(ROOT, 'test', 'checks', 'source-js.test.ts'), 'utf8');
    for (const r of index.rules.filter((x) => x.pack === pack && x.inputs.includes('manifest'))) {
      expect(self, r.id).toContain(`'${r.id}`);
    }
  });
});
