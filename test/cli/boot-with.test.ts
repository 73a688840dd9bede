import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { REDIS_SERVER } from '../helpers/redis-server.js';
import { reportSchemaErrors } from '../helpers/schemas.js';

/** --boot-with from the command line, with Debian's redis-server 7.0.15 (run from the fixtures' directory, as the server would be). */
const FIX = join(ROOT, 'fixtures', 'boot');
const run = (args: string[]) => cli(['check', ...args, '--target', 'redis@7.0', '--from', 'redis@7.0', '--boot-with', REDIS_SERVER], {}, FIX);

describe('check --boot-with', () => {
  it('boots the target on a good configuration: info that it started, exit 0, a report that validates', () => {
    const r = run(['good.conf', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('boot.started');
    expect(report.rules.applied).toEqual(expect.arrayContaining(['boot.refused', 'boot.prediction-mismatch']));
    expect(report.inputs).toContainEqual(expect.objectContaining({ kind: 'boot', path: 'good.conf', outcome: 'started', version: 'redis@7.0.15' }));
  });

  it('reports the refusal of a bad configuration with the server\'s own words, and the exit code says blocked', () => {
    const r = run(['bad.conf']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.conf:\d+ {2}boot\.refused \[blocks startup\]/);
    expect(r.stdout).not.toContain('boot.prediction-mismatch');
  });

  it('refuses --rdb without --boot-with as a usage error', () => {
    const r = cli(['check', 'good.conf', '--target', 'redis@7.0', '--rdb', 'dump.rdb'], {}, FIX);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rdb and --aof .* give --boot-with too/);
  });
});
