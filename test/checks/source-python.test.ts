import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import type { Finding } from '../../src/report/finding.js';
import { loadRuleIndex } from '../../src/rulepack/load.js';
import { ROOT } from '../helpers/cli.js';
import { APPS } from '../helpers/source-apps.js';


function check(app: string, target: string, clients?: 'latest' | 'compatible') {
  const dir = join(APPS, app);
  const { report } = runCheck({ paths: [dir], target, cwd: dir, ...(clients ? { clients } : {}) });
  return { report, dir };
}

/** `ruleId file:line` of the findings whose rule id starts with one of the prefixes, sorted. */
function hits(findings: Finding[], dir: string, ...prefixes: string[]): string[] {
  return findings
    .filter((f) => prefixes.some((p) => f.ruleId.startsWith(p)))
    .map((f) => {
      const loc = f.location as { file?: string; line?: number };
      return `${f.ruleId} ${relative(dir, loc.file ?? '')}:${loc.line ?? ''}`;
    })
    .sort();
}

/** A throwaway project with one requirements.txt. */
function project(requirements: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rul-py-'));
  writeFileSync(join(dir, 'requirements.txt'), requirements);
  return dir;
}

const ruleIds = (dir: string, target = 'redis@7.4') => runCheck({ paths: [dir], target, cwd: dir }).report.findings.map((f) => f.ruleId).sort();

describe('redis-py-cluster pack: manifests', () => {
  it('flags redis-py-cluster next to redis>=4 as a conflict, and the package as end-of-life', () => {
    const { report, dir } = check('python-rediscluster-redis4', 'redis@7.4');
    expect(hits(report.findings, dir, 'py.rediscluster.')).toEqual([
      'py.rediscluster.eol requirements.txt:2',
      'py.rediscluster.redis-dep-range requirements.txt:2',
    ]);
    const conflict = report.findings.find((f) => f.ruleId === 'py.rediscluster.redis-dep-range');
    expect(conflict?.severity).toBe('error');
    expect(conflict?.evidence).toBe('redis-py-cluster 2.1.3');
    expect(conflict?.message).toMatch(/^redis-py-cluster 2\.1\.3 together with redis ≥ 4/);
    expect(report.libraries).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'redis-py-cluster', from: '2.1.3', goal: '2.1.3' }),
      expect.objectContaining({ name: 'redis-py', from: '4.1.0', goal: '8.1.0' }),
    ]));
  });

  it('reports the migration to redis.cluster in files importing rediscluster, and redis-py rules in migrated files', () => {
    const { report, dir } = check('python-rediscluster-redis4', 'redis@7.4');
    expect(hits(report.findings, dir, 'py.rediscluster-migrate.', 'py.redis.')).toEqual([
      'py.redis.read-from-replicas-deprecated app/migrated.py:5',
      'py.rediscluster-migrate.exceptions app/cluster.py:3',
      'py.rediscluster-migrate.import app/cluster.py:2',
      'py.rediscluster-migrate.readonly-mode app/cluster.py:6',
      'py.rediscluster-migrate.startup-nodes-dicts app/cluster.py:5',
    ]);
    // installed 2.1.3 is the last release: no version rule of redis-py-cluster applies any more
    expect(hits(report.findings, dir, 'py.rediscluster.').filter((h) => !h.includes('requirements.txt'))).toEqual([]);
  });

  it('redis-py-cluster 1.x with redis 3 in a poetry.lock: the 1.x conflict, not the redis>=4 one; version rules from 1.3.6', () => {
    const { report, dir } = check('python-rediscluster-1x', 'redis@7.4');
    expect(hits(report.findings, dir, 'py.rediscluster.')).toEqual([
      'py.rediscluster.eol poetry.lock:13',
      'py.rediscluster.redis3-with-1x poetry.lock:13',
      'py.rediscluster.sort-same-slot-2.0 app/jobs.py:6',
      'py.rediscluster.strict-renamed-2.0 app/jobs.py:2',
      'py.rediscluster.strict-renamed-2.0 app/jobs.py:4',
    ]);
    expect(report.libraries).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'redis-py-cluster', from: '1.3.6', fromWhere: expect.stringContaining('poetry.lock') }),
    ]));
    const renamed = report.findings.find((f) => f.ruleId === 'py.rediscluster.strict-renamed-2.0');
    expect(renamed?.boundary).toBe('redis-py-cluster 1.3.6 → 2.1.3 crosses 2.0.0');
  });

  it("in the library's own repository the code is at the version its setup.py declares, and no manifest rule judges the project itself", () => {
    const { report, dir } = check('python-rediscluster-itself', 'redis@7.4');
    expect(report.libraries).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'redis-py-cluster', from: '1.3.6', fromWhere: expect.stringContaining("setup.py:6 (the library's own project, 1.3.6)") }),
    ]));
    // From 1.3.6, as for an application pinned to it: the 2.0 renames are crossed; 1.x rules are not.
    expect(hits(report.findings, dir, 'py.rediscluster.')).toEqual([
      'py.rediscluster.sort-same-slot-2.0 tests/test_client.py:5',
      'py.rediscluster.strict-renamed-2.0 tests/test_client.py:2',
      'py.rediscluster.strict-renamed-2.0 tests/test_client.py:4',
    ]);
    expect(report.inputs).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'manifest', path: expect.stringContaining('setup.py'), dependencies: 1 })]));
    // Its own packages (setup.py packages=["rediscluster"]) are the library, not a user of it: none of its rules run there;
    // the commands its code sends are still checked.
    expect(hits(report.findings, dir, 'py.rediscluster').filter((h) => h.includes(' rediscluster/'))).toEqual([]);
    expect(hits(report.findings, dir, 'py.rediscluster-migrate.')).toEqual([
      'py.rediscluster-migrate.import tests/test_client.py:2',
      'py.rediscluster-migrate.startup-nodes-dicts tests/test_client.py:4',
    ]);
    expect(hits(report.findings, dir, 'source.')).toEqual(['source.command-deprecated rediscluster/client.py:9']);
  });

  it('says a manifest was read in part when its entries before a syntax error are still checked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-partial-'));
    writeFileSync(join(dir, 'Pipfile.lock'), '{"default": {"redis": {"version": "==2.10.6"}}, "develop": {oops');
    const { report } = runCheck({ paths: [dir], target: 'redis@7.4', cwd: dir });
    expect(report.findings.map((f) => f.ruleId)).toContain('manifest.library-too-old');
    expect(report.notChecked).toEqual([expect.objectContaining({ input: expect.stringContaining('Pipfile.lock'), reason: expect.stringMatching(/JSON syntax error.*\(read in part: 1 entry was read and checked\)$/) })]);
  });

  it('lists a setup.py that cannot be read once, as the manifest it is, not again as a source file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-setup-binary-'));
    writeFileSync(join(dir, 'setup.py'), 'from setuptools import setup\0\nsetup(name="x", install_requires=["redis>=3"])\n');
    writeFileSync(join(dir, 'app.py'), 'import redis\nr = redis.Redis()\nr.getset("k", "v")\n');
    const { report } = runCheck({ paths: [dir], target: 'redis@7.4', cwd: dir });
    expect(report.notChecked).toEqual([{ input: join(dir, 'setup.py'), reason: 'binary file, not a dependency manifest' }]);
    // The rest of the tree is still checked.
    expect(report.findings.map((f) => f.ruleId)).toContain('source.command-deprecated');
  });

  it("checks files that get their client from the application's own module (absolute and relative imports), not one naming it in a docstring, nor a class's own wrapper method, nor a standard-library module of the same name", () => {
    const { report, dir } = check('python-wrapper-module', 'redis@7.4');
    expect(hits(report.findings, dir, 'source.', 'py.')).toEqual([
      'py.redis.resp3-default app/connection.py:4',
      'py.redis.resp3-default app/queue.py:3',
      'source.command-deprecated app/models.py:14',
      'source.command-deprecated app/models.py:6',
      'source.command-deprecated app/relative.py:3',
    ]);
    // stdlib_user.py (`import queue` in package app) and views.py (`from . import models`, the wrapper only in its docstring) are not in scope
    expect(report.inputs).toContainEqual(expect.objectContaining({ kind: 'source', files: 8, parsed: 4 }));
  });

  it('redis-py-cluster 2.0.0 supports redis 3.0.x only', () => {
    const { report, dir } = check('python-rediscluster-2-0', 'redis@7.4');
    expect(hits(report.findings, dir, 'py.rediscluster.')).toEqual([
      'py.rediscluster.eol requirements.txt:1',
      'py.rediscluster.redis31-with-2-0 requirements.txt:1',
    ]);
  });

  it.each([
    ['redis-py-cluster==2.1.3\nredis==4.6.0\n', true],
    ['redis-py-cluster==2.1.3\nredis>=4.1,<5\n', true],
    ['redis-py-cluster==1.3.6\nredis==5.0.1\n', true],
    ['redis-py-cluster==2.1.3\nredis==3.5.3\n', false],
    ['redis-py-cluster==2.1.3\nredis\n', false],
    ['redis==4.6.0\n', false],
  ])('redis-dep-range on %j: %s', (requirements, conflict) => {
    expect(ruleIds(project(requirements)).includes('py.rediscluster.redis-dep-range')).toBe(conflict);
  });

  it.each([
    ['redis-py-cluster==1.3.5\nredis==3.0.1\n', 'py.rediscluster.redis3-with-1x', true],
    ['redis-py-cluster==1.3.6\nredis==2.10.6\n', 'py.rediscluster.redis3-with-1x', false],
    ['redis-py-cluster==2.0.0\nredis==3.0.1\n', 'py.rediscluster.redis31-with-2-0', false],
    ['redis-py-cluster==2.1.0\nredis==3.5.3\n', 'py.rediscluster.redis31-with-2-0', false],
  ])('%j → %s: %s', (requirements, id, fires) => {
    expect(ruleIds(project(requirements)).includes(id)).toBe(fires);
  });
});

describe('aioredis pack', () => {
  it('plans aioredis 1.3.1 → 2.0.1 and reports the 1.x API and the merge into redis.asyncio', () => {
    const { report, dir } = check('python-aioredis', 'redis@7.4');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'aioredis', from: '1.3.1', goal: '2.0.1' })]);
    expect(hits(report.findings, dir, 'py.aioredis.')).toEqual([
      'py.aioredis.merged app/cache.py:2',
      'py.aioredis.merged-manifest requirements.txt:1',
      'py.aioredis.v1-api app/cache.py:15',
      'py.aioredis.v1-api app/cache.py:6',
    ]);
    // encoding= on a client received as a parameter: the receiver is unknown, so no finding
    expect(hits(report.findings, dir, 'py.aioredis.command-encoding')).toEqual([]);
  });

  it('keeps the 1.x rules quiet once aioredis 2.x is installed', () => {
    const dir = project('aioredis==2.0.1\n');
    writeFileSync(join(dir, 'app.py'), 'import aioredis\n\nasync def f():\n    await aioredis.create_redis_pool("redis://x")\n');
    expect(ruleIds(dir)).toEqual(['py.aioredis.merged', 'py.aioredis.merged-manifest']);
  });
});

describe('redis-py pack', () => {
  it('--clients latest: every change from 3.5.3 to 8.1.0; errors beyond what Redis 7.4 needs (5.0.0) become warnings', () => {
    const { report, dir } = check('python-redis-3x', 'redis@7.4');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'redis-py', from: '3.5.3', goal: '8.1.0', needed: '5.0.0' })]);
    expect(hits(report.findings, dir, 'py.redis.')).toEqual([
      'py.redis.charset-errors-removed app/store.py:7',
      'py.redis.from-url-decode-components app/store.py:5',
      'py.redis.parsers-moved app/store.py:3',
      'py.redis.resp3-default app/store.py:5',
    ]);
    const sev = (id: string) => report.findings.find((f) => f.ruleId === id)?.severity;
    expect(sev('py.redis.parsers-moved')).toBe('error');
    expect(sev('py.redis.charset-errors-removed')).toBe('warning');
  });

  it('--clients compatible: only the changes up to 5.0.0, the lowest release that supports Redis 7.4', () => {
    const { report, dir } = check('python-redis-3x', 'redis@7.4', 'compatible');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'redis-py', from: '3.5.3', goal: '5.0.0' })]);
    expect(hits(report.findings, dir, 'py.redis.')).toEqual([
      'py.redis.from-url-decode-components app/store.py:5',
      'py.redis.parsers-moved app/store.py:3',
    ]);
  });

  it('states the lowest redis-py per server line from the README support table', () => {
    const { report } = check('python-redis-3x', 'redis@7.0', 'compatible');
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'redis-py', goal: '4.5.0', needed: '4.5.0' })]);
    const eight = check('python-redis-3x', 'redis@8.0', 'compatible').report;
    expect(eight.libraries).toEqual([expect.objectContaining({ name: 'redis-py', goal: '6.0.0', needed: '6.0.0' })]);
  });
});

describe('Python packs: fixtures cover every rule', () => {
  const index = loadRuleIndex();
  const packs = ['redis-py', 'redis-py-cluster', 'aioredis'];

  it.each(packs)('%s: every source rule fires in a fixture and is kept quiet in one', (pack) => {
    const base = join(ROOT, 'fixtures', 'rules', 'source', 'python');
    const text = readdirSync(base, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.py'))
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
      .join('\n');
    const rules = index.rules.filter((r) => r.pack === pack && r.inputs.includes('source'));
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      const id = r.id.replace(/\./g, '\\.');
      expect(text, `${r.id} fires somewhere`).toMatch(new RegExp(`#\\s*ruleid:.*\\b${id}(?![\\w.-])`));
      expect(text, `${r.id} stays quiet somewhere`).toMatch(new RegExp(`#\\s*ok:.*\\b${id}(?![\\w.-])`));
    }
  });

  it.each(packs)('%s: every manifest rule is exercised by this file', (pack) => {
    const self = readFileSync(join(ROOT, 'test', 'checks', 'source-python.test.ts'), 'utf8');
    for (const r of index.rules.filter((x) => x.pack === pack && x.inputs.includes('manifest'))) {
      expect(self, r.id).toContain(`'${r.id}`);
    }
  });
});

describe('commands in code: redis-py test guards (skip_if_server_version_lt / _gte)', () => {
  function sends(decorator: string, target: string) {
    const dir = mkdtempSync(join(tmpdir(), 'rul-guards-'));
    const file = join(dir, 'test_hashes.py');
    writeFileSync(file, ['import redis', '', '', `${decorator}`, 'class TestHashes:', '    def test_hgetdel(self, r):', '        r.hgetdel("k", "f")', '        r.zrangebyscore("z", 0, 1)', ''].join('\n'));
    const { report } = runCheck({ paths: [file], target, from: 'redis@6.0', libraryVersions: { 'redis-py': '5.0.1' } });
    return report.findings.filter((f) => f.ruleId.startsWith('source.command-')).map((f) => `${f.ruleId} ${f.message.split(' ')[0]}`);
  }

  it('a class skipped below 8.0 sends nothing missing on 7.4; below 7.0, or skipped from 7.0 on, decides by the target', () => {
    expect(sends('@skip_if_server_version_lt("8.0.0")', 'redis@7.4')).toEqual(['source.command-deprecated ZRANGEBYSCORE']);
    expect(sends('@skip_if_server_version_gte("7.0.0")', 'redis@7.4')).toEqual(['source.command-deprecated ZRANGEBYSCORE']);
    expect(sends('@skip_if_server_version_lt("7.0.0")', 'redis@7.4')).toEqual(['source.command-missing HGETDEL', 'source.command-deprecated ZRANGEBYSCORE']);
    expect(sends('@conftest.skip_if_server_version_lt("8.0.0")', 'redis@8.0')).toEqual(['source.command-deprecated ZRANGEBYSCORE']);
  });
});

describe('monorepo: each file is judged with the nearest manifest that declares its library', () => {
  it('services/a (redis==2.10.6) gets the redis-py 3.0 zadd finding, services/b (redis==5.0.1) does not; a file under no manifest gets the lowest', () => {
    const { report, dir } = check('monorepo-two-pins', 'redis@7.4');
    expect(hits(report.findings, dir, 'py.redis.zadd-mapping')).toEqual([
      'py.redis.zadd-mapping services/a/app/leaderboard.py:8',
      'py.redis.zadd-mapping tools/report.py:5',
    ]);
    const zadd = report.findings.find((f) => f.ruleId === 'py.redis.zadd-mapping' && JSON.stringify(f.location).includes('services'));
    expect(zadd?.boundary).toBe('redis-py 2.10.6 → 8.1.0 crosses 3.0.0');
    // strictredis-alias is a 2.x → 3.0 change as well: not in services/b either
    expect(hits(report.findings, dir, 'py.redis.strictredis-alias').some((h) => h.includes('services/b'))).toBe(false);
    const a = join(dir, 'services', 'a');
    const b = join(dir, 'services', 'b');
    expect(report.libraries).toEqual([
      // tree-wide: tools/report.py is under no requirements.txt
      expect.objectContaining({ name: 'redis-py', from: '2.10.6', fromWhere: `${join(a, 'requirements.txt')}:1 (pins 2.10.6)` }),
      { name: 'redis-py', packages: ['redis'], from: '2.10.6', fromWhere: `${join(a, 'requirements.txt')}:1 (pins 2.10.6)`, goal: '8.1.0', goalReason: expect.any(String), needed: '5.0.0', scope: a },
      { name: 'redis-py', packages: ['redis'], from: '5.0.1', fromWhere: `${join(b, 'requirements.txt')}:1 (pins 5.0.1)`, goal: '8.1.0', goalReason: expect.any(String), needed: '5.0.0', scope: b },
    ]);
    expect(report.libraries[0]).not.toHaveProperty('scope');
    // the manifest rules run once over the tree: one library-too-old, for services/a
    expect(hits(report.findings, dir, 'manifest.')).toEqual(['manifest.library-too-old services/a/requirements.txt:1']);
  });

  it('without a file under no manifest, the tree-wide plan is not listed; with --clients compatible each scope has its own goal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-py-mono-'));
    for (const [sub, pin] of [['a', '2.10.6'], ['a/inner', '5.0.1']] as const) {
      mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(join(dir, sub, 'requirements.txt'), `redis==${pin}\n`);
      writeFileSync(join(dir, sub, 'job.py'), 'import redis\nr = redis.Redis()\nr.zadd("k", 1, "m")\n');
    }
    const { report } = runCheck({ paths: [dir], target: 'redis@7.4', cwd: dir, clients: 'compatible' });
    // the nested scope wins over its parent
    expect(hits(report.findings, dir, 'py.redis.zadd-mapping')).toEqual(['py.redis.zadd-mapping a/job.py:3']);
    expect(report.libraries.map((l) => [l.scope && relative(dir, l.scope), l.from, l.goal])).toEqual([
      ['a', '2.10.6', '5.0.0'],
      [join('a', 'inner'), '5.0.1', '5.0.1'],
    ]);
  });
});

describe('a pinned version newer than the pack knows', () => {
  it('is never planned as a downgrade: the goal stays the installed version and says the pack ends earlier', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-newer-'));
    writeFileSync(join(dir, 'requirements.txt'), 'redis==99.0.0\n');
    writeFileSync(join(dir, 'a.py'), 'import redis\nr = redis.Redis()\nr.zadd("k", 1, "m")\n');
    const { report } = runCheck({ paths: [dir], target: 'redis@7.4' });
    expect(report.libraries).toEqual([expect.objectContaining({ name: 'redis-py', from: '99.0.0', goal: '99.0.0', goalReason: expect.stringMatching(/^already newer than the newest release the pack knows \(\d+\.\d+\.\d+\)/) })]);
    expect(report.findings.filter((f) => f.ruleId.startsWith('py.redis.'))).toEqual([]);
  });
});
