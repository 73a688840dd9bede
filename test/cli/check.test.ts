import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { reportSchemaErrors } from '../helpers/schemas.js';


let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rul-cli-'));
  writeFileSync(join(dir, 'good.conf'), 'port 6379\nmaxmemory-policy allkeys-lru\nacl-pubsub-default allchannels\n');
  writeFileSync(join(dir, 'bad-quote.conf'), 'port 6379\nrequirepass "oops\n');
  writeFileSync(join(dir, 'binary.conf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
  writeFileSync(join(dir, 'notes.txt'), 'hello\n');
});

describe('check', () => {
  it('lints the demo: findings grouped by severity, file:line, rule id, fix and a summary; exit 1', () => {
    const r = cli(['check', 'fixtures/demo', '--target', 'redis@7.4']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^redis-upgrade-lint .*: redis@6\.0 → redis@7\.4 crosses 6\.2, 7\.0, 7\.2, 7\.4/);
    expect(r.stdout).toMatch(/from redis@6\.0 \(inferred: /);
    expect(r.stdout).toMatch(/Errors \(\d+\)[\s\S]*Warnings \(\d+\)/);
    expect(r.stdout).toMatch(/fixtures\/demo\/redis\.conf:30 {2}config\.unknown-directive \[blocks startup\]/);
    expect(r.stdout).toMatch(/fix: /);
    expect(r.stdout).toMatch(/✖ Blocked: fix the errors before upgrading: \d+ error\(s\) \(2 block startup\), \d+ warning\(s\), 0 info in 2 input\(s\), 2 manual check\(s\) open\n$/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('writes JSON that validates against the shipped report schema, with blocksStartup only on startup blockers', () => {
    const r = cli(['check', 'fixtures/demo', '--target', 'redis@7.4', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.schemaVersion).toMatch(/^1\./);
    const blockers = report.findings.filter((f: { blocksStartup?: boolean }) => f.blocksStartup);
    expect(blockers.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['config.invalid-value', 'config.unknown-directive']);
    for (const f of report.findings) {
      expect(f.references.length).toBeGreaterThan(0);
      if (!['config.invalid-value', 'config.unknown-directive', 'config.unbalanced-quotes', 'config.include-missing', 'config.include-cycle', 'sentinel.unknown-option', 'acl.users-and-aclfile', 'acl.duplicate-user', 'config.bind-optional-address', 'config.include-glob', 'config.empty-path-refused', 'config.loadmodule-missing', 'acl.channel-permissions-before-6.2', 'config.filename-is-path', 'config.dir-empty'].includes(f.ruleId)) {
        expect(f).not.toHaveProperty('blocksStartup');
      }
    }
  });

  it('is deterministic: the same input gives byte-identical JSON', () => {
    const a = cli(['check', 'fixtures/demo', '--target', '7.4', '--format', 'json']).stdout;
    const b = cli(['check', 'fixtures/demo', '--target', '7.4', '--format', 'json']).stdout;
    expect(a).toBe(b);
  });

  it('honours --fail-on and --output', () => {
    expect(cli(['check', 'fixtures/demo', '-t', '7.4', '--fail-on', 'never']).code).toBe(0);
    const out = join(dir, 'report.json');
    const r = cli(['check', join(dir, 'good.conf'), '-t', '7.0', '--from', '6.2', '--format', 'json', '--output', out, '--fail-on', 'error']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.error).toBe(0);
    expect(cli(['check', join(dir, 'good.conf'), '-t', '7.0', '--from', '6.2', '--fail-on', 'warning']).code).toBe(1);
  });

  it('colours text only when asked and not when NO_COLOR is set', () => {
    expect(cli(['check', 'fixtures/demo', '-t', '7.4'], { FORCE_COLOR: '1' }).stdout).toMatch(/\x1b\[/);
    expect(cli(['check', 'fixtures/demo', '-t', '7.4'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(/\x1b\[/);
  });

  it('lists the files of an include chain and recognises a sentinel.conf', () => {
    const report = JSON.parse(cli(['check', 'fixtures/demo/sentinel.conf', '-t', '7.4', '--format', 'json']).stdout);
    expect(report.inputs).toEqual([expect.objectContaining({ kind: 'sentinel-config' })]);
  });
});

describe('bad input', () => {
  it('a wrong --target is a usage error listing the known release lines, without a stack trace', () => {
    const r = cli(['check', 'fixtures/demo', '--target', 'redis@9.9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^redis-upgrade-lint: unknown release line redis@9\.9; the installed packs know: redis 2\.8, .*; valkey 7\.2, /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['check', 'fixtures/demo', '--target', 'keydb@6.2']).stderr).toMatch(/unknown flavor 'keydb'/);
  });

  it('a missing file is a one-line error and the other inputs are still checked', () => {
    const r = cli(['check', join(dir, 'missing.conf'), join(dir, 'good.conf'), '-t', '7.0', '--from', '6.2', '--format', 'json']);
    expect(r.stderr).toMatch(/missing\.conf: no such file or directory/);
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { path: string }) => i.path)).toEqual([join(dir, 'good.conf')]);
    expect(report.notChecked).toEqual(expect.arrayContaining([expect.objectContaining({ input: join(dir, 'missing.conf') })]));
    expect(r.code).toBe(0);
  });

  it('nothing checkable exits 2', () => {
    const r = cli(['check', join(dir, 'missing.conf'), '-t', '7.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing could be checked/);
  });

  it('a directory with nothing to check is an error naming it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'rul-empty-'));
    writeFileSync(join(empty, 'notes.txt'), 'nothing here\n');
    const r = cli(['check', empty, '-t', '7.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${empty}: nothing to check`));
  });

  it('an unbalanced quote and a binary file become findings naming the file and line', () => {
    const r = cli(['check', join(dir, 'bad-quote.conf'), join(dir, 'binary.conf'), '-t', '7.0', '--from', '7.0', '--format', 'json']);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ ruleId: 'config.unbalanced-quotes', location: { file: join(dir, 'bad-quote.conf'), line: 2 }, blocksStartup: true }),
      expect.objectContaining({ ruleId: 'config.binary-file', location: { file: join(dir, 'binary.conf') } }),
    ]));
    expect(r.code).toBe(1);
  });

  it('an invalid user pack is refused with its file and JSON path', () => {
    const packs = mkdtempSync(join(tmpdir(), 'rul-packs-'));
    writeFileSync(join(packs, 'mine.yaml'), 'kind: rules\nname: mine\ndescription: x\nchecked: 2026-01-01\nrules:\n  - id: my.rule\n    severity: fatal\n');
    const r = cli(['check', 'fixtures/demo', '-t', '7.4', '--rules', packs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine\.yaml: \/rules\/0\/severity must be equal to one of the allowed values/);
  });
});

describe('rules and versions', () => {
  it('rules list, list --target, explain', () => {
    expect(cli(['rules', 'list']).stdout).toMatch(/acl\.pubsub-default-resetchannels\s+error\s+redis 7\.0\.0/);
    const applicable = cli(['rules', 'list', '--target', '6.2', '--from', '6.0']).stdout;
    expect(applicable).toMatch(/config\.bind-must-succeed/);
    expect(applicable).not.toMatch(/acl\.pubsub-default-resetchannels/);
    const explain = cli(['rules', 'explain', 'config.include-glob']);
    expect(explain.stdout).toMatch(/severity: error \(blocks startup\)[\s\S]*references:\n {2}- Redis 7\.0 RC1 release notes/);
    expect(cli(['rules', 'explain', 'no.such']).code).toBe(2);
  });
  it('rules test passes on the shipped fixtures and prints the closing count', () => {
    const r = cli(['rules', 'test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
  });
  it('versions lists every release line with its source version and RDB version', () => {
    const r = cli(['versions']);
    expect(r.stdout).toMatch(/redis 2\.8, 3\.0, 3\.2, 4\.0, 5\.0, 6\.0, 6\.2, 7\.0, 7\.2, 7\.4, 8\.0, 8\.2; valkey 7\.2, 8\.0, 8\.1, 9\.0/);
    expect(r.stdout).toMatch(/redis\s+7\.4\s+tables from 7\.4\.1\s+\d+ directives, RDB 12/);
  });

  it('stops quietly when the reader of its output does (rules list | head)', () => {
    // `true` exits at once, so the first write finds the pipe closed (EPIPE) every time.
    const r = spawnSync('bash', ['-c', 'node bin/redis-upgrade-lint.js rules list | true; exit ${PIPESTATUS[0]}'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('an --output file that cannot be written is a one-line usage error', () => {
    const r = cli(['check', 'fixtures/demo', '-t', '7.4', '--output', join(dir, 'no-such-dir', 'report.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^redis-upgrade-lint: --output .*no-such-dir\/report\.json: cannot write: no such file or directory$/);
  });

  it('a repeatable option takes one value each time and leaves the paths after it alone', () => {
    const r = cli(['check', '--snapshot', 'fixtures/snapshots/redis-7.0-master-6.2-replica.json', 'fixtures/demo/redis.conf', '--only', 'config.alias', '--only', 'live', 'fixtures/change-review/redis.conf', '-t', '7.4', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { kind: string; path: string }) => `${i.kind} ${i.path}`)).toEqual([
      'config fixtures/demo/redis.conf', 'config fixtures/change-review/redis.conf', 'snapshot fixtures/snapshots/redis-7.0-master-6.2-replica.json']);
    expect(new Set(report.findings.map((f: { ruleId: string }) => f.ruleId.split('.')[0]))).toEqual(new Set(['config', 'live']));
  });

  it('reads a bare --from below Valkey 7.2 as Redis (the README\'s own --from 6.2 --target valkey@8.0)', () => {
    const r = cli(['check', 'fixtures/demo', '--from', '6.2', '--target', 'valkey@8.0', '--format', 'json']);
    expect(JSON.parse(r.stdout).from.version).toBe('redis@6.2');
  });

  it('says on stderr when --from disagrees with the release line the nodes run', () => {
    const r = cli(['check', '--snapshot', 'fixtures/snapshots/redis-7.4-connected-clients.json', '--from', '6.2', '-t', '8.0']);
    expect(r.stderr).toMatch(/^redis-upgrade-lint: --from redis@6\.2, but the oldest node \(127\.0\.0\.1:\d+\) runs redis@7\.4\.1: the findings follow --from$/m);
    expect(cli(['check', '--snapshot', 'fixtures/snapshots/redis-7.4-connected-clients.json', '--from', '7.4', '-t', '8.0']).stderr).toBe('');
  });

  it('a mistyped command is a usage error that names the command meant', () => {
    const r = cli(['chekc', 'fixtures/demo', '--target', '7.4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean check\?/);
  });
});
