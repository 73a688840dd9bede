import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

// The worker thread runs compiled JavaScript: these tests use the build (npm test builds first).
const dist = async <T>(path: string) => (await import(pathToFileURL(join(ROOT, 'dist', 'src', path)).href)) as T;
type Scan = typeof import('../../src/checks/source/scan.js');
const { scanSources } = await dist<Scan>('checks/source/scan.js');
const { collectInputs } = await dist<typeof import('../../src/inputs/collect.js')>('inputs/collect.js');
const { parseManifest } = await dist<typeof import('../../src/inputs/manifests/index.js')>('inputs/manifests/index.js');
const { planLibraries } = await dist<typeof import('../../src/checks/source/libraries.js')>('checks/source/libraries.js');
const { loadRuleIndex } = await dist<typeof import('../../src/rulepack/load.js')>('rulepack/load.js');
const { upgradePath } = await dist<typeof import('../../src/versions/path.js')>('versions/path.js');
const { parseVersion } = await dist<typeof import('../../src/versions/version.js')>('versions/version.js');

const index = loadRuleIndex();
const lines = index.tables.map((t) => ({ flavor: t.flavor, line: t.line, version: t.version }));

/** A scan of `paths` as `check` runs it, in the given threads. */
function scan(paths: string[], from: string, target: string, threads: 'worker' | 'here') {
  const collected = collectInputs(paths, () => false);
  const deps = collected.manifests.flatMap((m) => parseManifest(m).dependencies);
  const t = parseVersion(target);
  const plans = planLibraries(index.packs, deps, t, 'latest');
  const r = scanSources(collected.sourceFiles, plans, index.rules, { path: upgradePath(parseVersion(from), t, lines), fromKnown: true, commands: index.commands }, { threads });
  return { ...r, imported: [...r.imported].sort() };
}

describe('source scan in a worker thread', () => {
  // A file that is not UTF-8 (ast-grep's own reader skips it: the scanning thread analyses it).
  const odd = mkdtempSync(join(tmpdir(), 'rul-scan-threads-'));
  writeFileSync(join(odd, 'latin1.py'), Buffer.concat([Buffer.from('import redis\n# caf'), Buffer.from([0xe9]), Buffer.from('\nr = redis.StrictRedis()\nr.hmset("k", {"a": 1})\n')]));
  const paths = [join(ROOT, 'fixtures', 'rules', 'source'), join(ROOT, 'fixtures', 'source-apps'), odd];

  for (const [from, target] of [['6.0', 'redis@7.4'], ['redis@7.0', 'valkey@9.0']] as const) {
    it(`gives the findings, notChecked and counts of a scan in this thread (${from} → ${target})`, () => {
      const here = scan(paths, from, target, 'here');
      const worker = scan(paths, from, target, 'worker');
      expect(here.findings.length).toBeGreaterThan(500);
      expect(here.findings.some((f) => 'file' in f.location && f.location.file.endsWith('latin1.py'))).toBe(true);
      // Every parsed file but the Latin-1 one was analysed by the worker.
      expect(here.inWorker).toBe(0);
      expect(worker.inWorker).toBeGreaterThanOrEqual(here.parsed - 1);
      expect({ ...worker, inWorker: 0 }).toEqual(here);
    });
  }
});

describe('source scan in a worker thread: a monorepo with a pin per service', () => {
  it('judges each file with the plan of its nearest manifest, as the scanning thread does', () => {
    const app = join(ROOT, 'fixtures', 'source-apps', 'monorepo-two-pins');
    const here = scan([app], '6.0', 'redis@7.4', 'here');
    const worker = scan([app], '6.0', 'redis@7.4', 'worker');
    expect(worker.inWorker).toBe(here.parsed);
    expect({ ...worker, inWorker: 0 }).toEqual(here);
    const zadd = worker.findings.filter((f) => f.ruleId === 'py.redis.zadd-mapping').map((f) => 'file' in f.location ? f.location.file.slice(app.length + 1) : '');
    expect(zadd).toEqual([join('services', 'a', 'app', 'leaderboard.py'), join('tools', 'report.py')]);
    expect([...worker.used].map((p) => [p.scope && p.scope.slice(app.length + 1), p.from])).toEqual(expect.arrayContaining([
      [undefined, '2.10.6'], [join('services', 'a'), '2.10.6'], [join('services', 'b'), '5.0.1'],
    ]));
  });
});
