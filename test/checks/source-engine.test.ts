import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { reportSchemaErrors } from '../helpers/schemas.js';

const DEMO = join('fixtures', 'source-apps', 'demo');
const at = (f: { location: { file?: string; line?: number } }) => `${f.location.file?.replace(`${DEMO}/`, '')}:${f.location.line}`;

function report(args: string[]) {
  const r = cli(['check', DEMO, '--format', 'json', ...args]);
  return { ...r, json: JSON.parse(r.stdout) };
}

describe('source scanning on the demo application', () => {
  const { json, code } = report(['--target', 'redis@7.4', '--from', '6.0']);

  it('reports library, manifest and command findings where they are, with the library boundary', () => {
    expect(code).toBe(1);
    expect(json.findings.map((f: { ruleId: string }) => `${f.ruleId} ${at(f as never)}`).sort()).toEqual([
      'manifest.library-too-old requirements.txt:2',
      'py.redis.resp3-default app/fields.py:4',
      'py.redis.resp3-default app/leaderboard.py:4',
      'py.redis.strictredis-alias app/leaderboard.py:4',
      'py.redis.zadd-mapping app/leaderboard.py:9',
      'source.command-deprecated app/leaderboard.py:13',
      'source.command-deprecated scripts/swap.lua:5',
    ]);
    const zadd = json.findings.find((f: { ruleId: string }) => f.ruleId === 'py.redis.zadd-mapping');
    expect(zadd.boundary).toBe('redis-py 2.10.6 → 8.1.0 crosses 3.0.0');
    // redis 7.4 needs redis-py 5.0 or newer, so the 3.0 change is forced: it keeps its severity
    expect(zadd.severity).toBe('error');
    expect(json.libraries).toEqual([expect.objectContaining({ name: 'redis-py', from: '2.10.6', goal: '8.1.0', needed: '5.0.0' })]);
    expect(json.inputs).toEqual(expect.arrayContaining([{ path: join(DEMO, 'requirements.txt'), kind: 'manifest', dependencies: 2 }]));
  });

  it('reports a change the target server does not force as a warning, and plans only up to the needed version with --clients compatible', () => {
    const old = report(['--target', 'redis@6.2', '--from', '6.0']).json;
    expect(old.findings.find((f: { ruleId: string }) => f.ruleId === 'py.redis.zadd-mapping').severity).toBe('warning');
    const compatible = report(['--target', 'redis@7.4', '--from', '6.0', '--clients', 'compatible']).json;
    expect(compatible.libraries).toEqual([expect.objectContaining({ name: 'redis-py', from: '2.10.6', goal: '5.0.0' })]);
    // the RESP3 default arrives in redis-py 8.0: not on the way to 5.0.0
    expect(compatible.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('py.redis.resp3-default');
    expect(compatible.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('py.redis.zadd-mapping');
  });

  it('stays quiet on the same calls in a file without a Redis client, and on Lua comments', () => {
    expect(json.findings.filter((f: { location: { file: string } }) => f.location.file.endsWith('cache.py'))).toEqual([]);
    expect(json.findings.filter((f: { location: { file: string; line: number } }) => f.location.file.endsWith('swap.lua') && f.location.line !== 5)).toEqual([]);
  });

  it('lists what an inline comment suppressed, with its reason', () => {
    expect(json.suppressed).toEqual([expect.objectContaining({
      ruleId: 'source.command-deprecated', location: expect.objectContaining({ line: 17 }), reason: 'GETSET kept until the v2 API ships (TICKET-42)',
    })]);
  });

  it('makes a Redis-only command an error on a Valkey target', () => {
    const valkey = report(['--target', 'valkey@8.0', '--from', 'redis@7.4']).json;
    const missing = valkey.findings.filter((f: { ruleId: string }) => f.ruleId === 'source.command-missing');
    expect(missing.map(at)).toEqual(['app/fields.py:5']);
    expect(missing[0].severity).toBe('error');
    expect(missing[0].message).toMatch(/HEXPIRE .* does not exist in the target valkey@8\.0/);
  });

  it('writes JSON that validates against the report schema', () => {
    expect(reportSchemaErrors(json)).toEqual([]);
  });
});

describe('--baseline', () => {
  it('fails only on findings the previous report does not have, and counts fixed ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-baseline-'));
    const before = join(dir, 'before.json');
    writeFileSync(before, cli(['check', DEMO, '-t', 'redis@7.4', '--from', '6.0', '--format', 'json', '--fail-on', 'warning']).stdout);
    const same = cli(['check', DEMO, '-t', 'redis@7.4', '--from', '6.0', '--fail-on', 'warning', '--baseline', before]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/baseline .*before\.json: 0 new, 7 unchanged, 0 fixed/);
    // A wider path adds SLAVEOF (deprecated in 5.0): one new finding fails the run.
    const wider = cli(['check', DEMO, '-t', 'redis@7.4', '--from', '4.0', '--format', 'json', '--fail-on', 'warning', '--baseline', before]);
    expect(wider.code).toBe(1);
    const b = JSON.parse(wider.stdout).baseline;
    expect(b).toMatchObject({ new: 1, unchanged: 7, fixed: [] });
    const fresh = JSON.parse(wider.stdout).findings.filter((f: { baseline: string }) => f.baseline === 'new');
    expect(fresh.map((f: { evidence: string }) => f.evidence)).toEqual(['r.execute_command("SLAVEOF", host, 6379)']);
  });

  it('counts a second identical call as new (fingerprints are unique within a report)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-baseline-'));
    const app = join(dir, 'app.py');
    const call = 'r.georadius("players", 1, 2, 10)\n';
    writeFileSync(app, `import redis\nr = redis.Redis(protocol=2)\n${call}`);
    const before = join(dir, 'before.json');
    writeFileSync(before, cli(['check', app, '-t', 'redis@7.4', '--from', '6.0', '--format', 'json']).stdout);
    writeFileSync(app, `import redis\nr = redis.Redis(protocol=2)\n${call}${call}`);
    const after = JSON.parse(cli(['check', app, '-t', 'redis@7.4', '--from', '6.0', '--format', 'json', '--baseline', before]).stdout);
    expect(after.baseline).toMatchObject({ new: 1, unchanged: 1 });
    const sarif = JSON.parse(cli(['check', app, '-t', 'redis@7.4', '--from', '6.0', '--format', 'sarif', '--baseline', before]).stdout);
    expect(sarif.runs[0].results.map((x: { baselineState: string }) => x.baselineState).sort()).toEqual(['new', ...Array(after.findings.length - 1).fill('unchanged')]);
    expect(new Set(after.findings.map((f: { fingerprint: string }) => f.fingerprint)).size).toBe(after.findings.length);
  });

  it('refuses a file that is not a report, naming it', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'rul-baseline-')), 'x.json');
    writeFileSync(bad, '{"hello": 1}');
    const r = cli(['check', DEMO, '-t', '7.4', '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--baseline ${bad}: not a redis-upgrade-lint JSON report`);
  });
});

describe('--format sarif', () => {
  it('writes SARIF 2.1.0 with rule help, locations and partial fingerprints', () => {
    const r = cli(['check', DEMO, '-t', 'redis@7.4', '--from', '6.0', '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['manifest.library-too-old', 'py.redis.resp3-default', 'py.redis.strictredis-alias', 'py.redis.zadd-mapping', 'source.command-deprecated']);
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text).toMatch(/References:\n.+: https:\/\//);
      expect(rule.helpUri).toMatch(/^https:\/\//);
      // Rule-level text is a template a reader can read, not one with unfilled {placeholders}.
      expect(`${rule.fullDescription.text} ${rule.help.text}`).not.toMatch(/\{[a-zA-Z]+\}/);
    }
    expect(run.tool.driver.rules[0].fullDescription.text).toContain('<package> <version> is older than <needed>');
    // The library's own statement of the versions it supports, at a tag, for the redis-py pin of the demo.
    const tooOld = run.results.find((x: { ruleId: string }) => x.ruleId === 'manifest.library-too-old');
    expect(tooOld).toBeDefined();
    const json = JSON.parse(cli(['check', DEMO, '-t', 'redis@7.4', '--from', '6.0', '--format', 'json']).stdout);
    expect(json.findings.find((f: { ruleId: string }) => f.ruleId === 'manifest.library-too-old').references[0].url).toBe('https://github.com/redis/redis-py/blob/v8.1.0/README.md');
    const zadd = run.results.find((x: { ruleId: string }) => x.ruleId === 'py.redis.zadd-mapping');
    expect(zadd).toMatchObject({
      level: 'error', ruleIndex: 3,
      locations: [{ physicalLocation: { artifactLocation: { uri: `${DEMO}/app/leaderboard.py` }, region: { startLine: 9, startColumn: 5 } } }],
    });
    expect(zadd.partialFingerprints['redisUpgradeLint/v1']).toMatch(/^[0-9a-f]{24}$/);
  });
});
