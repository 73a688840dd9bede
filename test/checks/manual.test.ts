import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import { UsageError } from '../../src/errors.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatText } from '../../src/report/text.js';
import { ROOT } from '../helpers/cli.js';
import { reportSchemaErrors } from '../helpers/schemas.js';

const CONF = join(ROOT, 'fixtures', 'change-review', 'redis.conf');
const APP = join(ROOT, 'fixtures', 'change-review', 'app');
const dir = mkdtempSync(join(tmpdir(), 'rul-acks-'));
function acks(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
const statusOf = (report: ReturnType<typeof runCheck>['report']) => Object.fromEntries(report.manualChecks.map((m) => [m.id, m.status]));

describe('manual checks and acknowledgements', () => {
  it('lists the manual checks that apply to the path and the inputs, all open without acknowledgements', () => {
    const { report } = runCheck({ paths: [CONF, APP], target: 'redis@7.4', from: 'redis@7.0' });
    expect(statusOf(report)).toEqual({ 'manual.backup-off-host': 'open', 'manual.staging-rehearsal': 'open', 'manual.client-tests': 'open' });
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(statusOf(runCheck({ paths: [APP], target: 'redis@7.4', from: 'redis@7.0' }).report)).toEqual({ 'manual.client-tests': 'open' });
    expect(statusOf(runCheck({ paths: [CONF], target: 'redis@7.4', from: 'redis@7.4' }).report)).toEqual({});
  });

  it('adds the Valkey migration review only when the flavor changes', () => {
    expect(Object.keys(statusOf(runCheck({ paths: [CONF], target: 'valkey@8.0', from: 'redis@7.0' }).report))).toContain('manual.valkey-migration-review');
    expect(Object.keys(statusOf(runCheck({ paths: [CONF], target: 'valkey@8.1', from: 'valkey@8.0' }).report))).not.toContain('manual.valkey-migration-review');
  });

  it('marks a check done while its acknowledgement runs, and open again once it has expired', () => {
    const file = acks('acks.yaml', [
      'acknowledgements:',
      '  - { check: manual.backup-off-host, by: alice, date: 2026-11-01, ticket: CHG-1, expires: 2026-11-30, note: copied to the backup bucket }',
      '  - { check: manual.staging-rehearsal, by: bob, date: 2026-06-01, ticket: CHG-0, expires: 2026-07-01 }',
    ].join('\n'));
    const { report } = runCheck({ paths: [CONF, APP], target: 'redis@7.4', from: 'redis@7.0', acknowledgements: file, today: '2026-11-21' });
    expect(statusOf(report)).toEqual({ 'manual.backup-off-host': 'done', 'manual.staging-rehearsal': 'expired', 'manual.client-tests': 'open' });
    expect(report.manualChecks[0]?.acknowledgement).toEqual({ by: 'alice', date: '2026-11-01', ticket: 'CHG-1', expires: '2026-11-30', note: 'copied to the backup bucket', file });
    expect(reportSchemaErrors(report)).toEqual([]);
    const text = formatText(report, { color: false });
    expect(text).toContain('Manual checks (2 of 3 open)');
    expect(text).toContain('[expired] manual.staging-rehearsal: The upgrade was rehearsed on a staging deployment (acknowledged by bob, CHG-0; expired 2026-07-01)');
    expect(text).toMatch(/2 manual check\(s\) open\n$/);
    expect(formatMarkdown(report)).toContain('| done | A backup taken with the current version is copied off the host (`manual.backup-off-host`) |');
    const later = runCheck({ paths: [CONF, APP], target: 'redis@7.4', from: 'redis@7.0', acknowledgements: file, today: '2026-12-01' }).report;
    expect(statusOf(later)['manual.backup-off-host']).toBe('expired');
  });

  it('does not count an acknowledgement dated in the future, and reports one naming an unknown check', () => {
    const file = acks('typo.yaml', 'acknowledgements:\n  - { check: manual.backup-of-host, by: a, date: 2026-11-01, ticket: T, expires: 2027-01-01 }\n  - { check: manual.client-tests, by: a, date: 2026-12-24, ticket: T, expires: 2027-01-01 }\n');
    const { report } = runCheck({ paths: [APP], target: 'redis@7.4', from: 'redis@7.0', acknowledgements: file, today: '2026-11-21' });
    expect(statusOf(report)['manual.client-tests']).toBe('open');
    expect(report.notChecked).toContainEqual({ input: file, reason: expect.stringContaining("acknowledges 'manual.backup-of-host', which no pack declares") });
    expect(report.notChecked).toContainEqual({ input: file, reason: "acknowledges 'manual.client-tests' on 2026-12-24, after today (2026-11-21): it counts from that day" });
  });

  it('refuses an acknowledgement file that does not validate, naming the file and the JSON path', () => {
    const file = acks('bad.yaml', 'acknowledgements:\n  - { check: manual.client-tests, by: a, date: 21/11/2026, ticket: T }\n');
    expect(() => runCheck({ paths: [CONF], target: 'redis@7.4', acknowledgements: file })).toThrow(UsageError);
    expect(() => runCheck({ paths: [CONF], target: 'redis@7.4', acknowledgements: file })).toThrow(/bad\.yaml:2: \/acknowledgements\/0 must have required property 'expires'[\s\S]*bad\.yaml:2: \/acknowledgements\/0\/date must match pattern/);
    expect(() => runCheck({ paths: [CONF], target: 'redis@7.4', acknowledgements: join(dir, 'missing.yaml') })).toThrow(/missing\.yaml: cannot read acknowledgements: no such file/);
    const backwards = acks('backwards.yaml', 'acknowledgements:\n  - { check: manual.client-tests, by: a, date: 2026-11-20, ticket: T, expires: 2026-11-01 }\n');
    expect(() => runCheck({ paths: [CONF], target: 'redis@7.4', acknowledgements: backwards })).toThrow(/backwards\.yaml:2: \/acknowledgements\/0\/expires '2026-11-01' is before its date '2026-11-20'/);
    const multi = acks('multi.yaml', 'acknowledgements:\n  - check: manual.client-tests\n    by: a\n    date: 2026-11-20\n    ticket: T\n    expires: 2026-13-01\n');
    expect(() => runCheck({ paths: [CONF], target: 'redis@7.4', acknowledgements: multi })).toThrow(/multi\.yaml:6: \/acknowledgements\/0\/expires/);
    const broken = acks('broken.yaml', 'acknowledgements:\n  - check: a\n   by: b\n');
    expect(() => runCheck({ paths: [CONF], target: 'redis@7.4', acknowledgements: broken })).toThrow(/broken\.yaml:3: cannot read acknowledgements: /);
  });
});
