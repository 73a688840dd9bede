import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import { ROOT } from '../helpers/cli.js';
import { reportSchemaErrors } from '../helpers/schemas.js';

const DIR = join(ROOT, 'fixtures', 'change-review');

describe('rule coverage: which rules applied and why the others did not', () => {
  const { report } = runCheck({ paths: [DIR], target: 'valkey@8.1', from: 'redis@7.0', skip: ['config.default-changed'] });
  const reasonOf = (id: string) => report.rules.notApplied.find((g) => g.rules.includes(id))?.reason;

  it('lists every rule once, applied or with a reason', () => {
    expect(reportSchemaErrors(report)).toEqual([]);
    const all = [...report.rules.applied, ...report.rules.notApplied.flatMap((g) => g.rules)];
    expect(new Set(all).size).toBe(all.length);
    expect(report.rules.applied).toEqual(expect.arrayContaining(['config.invalid-value', 'source.command-deprecated', 'manifest.library-too-old']));
  });

  it('says why a rule did not apply: selection, missing input, path, server condition, library not used or not crossed', () => {
    expect(reasonOf('config.default-changed')).toBe('skipped (--skip config.default-changed)');
    expect(reasonOf('repl.lag')).toBe('needs a live deployment or snapshot');
    expect(reasonOf('boot.refused')).toBe('needs --boot-with');
    expect(reasonOf('acl.pubsub-default-resetchannels')).toBe('the path does not cross its change (redis 7.0.0)');
    expect(reasonOf('config.include-glob')).toBe('the target valkey@8.1 has its change (redis 7.0.0)');
    expect(reasonOf('go.goredis.bad-9.5.0')).toBe('applies to a target server below 7.2.0; the target is valkey@8.1');
    expect(reasonOf('rb.redis.current-removed-5')).toBe('redis-rb is not used (no manifest entry or import)');
    expect(reasonOf('py.redis.zadd-mapping')).toBe('its library change is not on redis-py 5.0.1 → 8.1.0');
  });
});

describe('a target newer than the packs know', () => {
  const conf = join(ROOT, 'fixtures', 'change-review', 'redis.conf');
  it('lists a patch release after the one the tables were built from as not checked', () => {
    const newer = runCheck({ paths: [conf], target: 'redis@7.4.5', from: 'redis@7.0' }).report.notChecked;
    expect(newer).toContainEqual({ input: 'target redis@7.4.5', reason: expect.stringMatching(/^newer than redis 7\.4\.1, the latest 7\.4 release the packs were checked against/) });
    expect(runCheck({ paths: [conf], target: 'redis@7.4.1', from: 'redis@7.0' }).report.notChecked.map((n) => n.input)).not.toContain('target redis@7.4.1');
  });

  it('refuses a release line no pack knows, listing the known ones', () => {
    expect(() => runCheck({ paths: [conf], target: 'redis@9.9' })).toThrow(/unknown release line redis@9\.9; the installed packs know: redis 2\.8, .*8\.2; valkey 7\.2, .*9\.0/);
  });
});
