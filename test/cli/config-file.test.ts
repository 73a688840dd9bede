import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { parseToolConfig } from '../../src/cli/config/load.js';
import { checkSettings, liveSettings } from '../../src/cli/config/merge.js';

interface Report {
  target: { version: string }; from: { version: string };
  inputs: { path: string }[];
  findings: { ruleId: string; location: { file?: string; line?: number } }[];
  suppressed: { ruleId: string; location: { file?: string; line?: number }; reason: string }[];
  summary: { total: number };
}

const reportSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);

// The demo redis.conf (a 6.x server): line 30 holds a directive 7.4 refuses (config.unknown-directive).
const DEMO_CONF = join(ROOT, 'fixtures', 'demo', 'redis.conf');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rul-config-'));
  copyFileSync(DEMO_CONF, join(dir, 'redis.conf'));
  writeFileSync(join(dir, 'other.conf'), 'port 6379\nslave-serve-stale-data yes\n');
});

function write(name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

function json(r: { stdout: string; stderr: string }): Report {
  try {
    return JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`not JSON; stderr: ${r.stderr}`);
  }
}

const BASE = 'target: redis@7.4\nfrom: "6.2"\ninputs:\n  paths: [redis.conf]\noutput:\n  format: json\n  failOn: never\n';

describe('configuration file in the current directory', () => {
  it('gives the target, the source, the inputs and the output: check runs with no argument', () => {
    write('.redis-upgrade-lint.yaml', BASE);
    const r = cli(['check'], {}, dir);
    expect(r.code, r.stderr).toBe(0);
    const report = json(r);
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.target.version).toBe('redis@7.4');
    expect(report.from.version).toBe('redis@6.2');
    expect(report.inputs.map((i) => i.path)).toEqual(['redis.conf']);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'config.unknown-directive', location: { file: 'redis.conf', line: 30 } }));
  });

  it('is also found as .yml, takes unquoted versions as written (7.10 is not 7.1), and is only read from the current directory', () => {
    write('.redis-upgrade-lint.yml', BASE.replace('redis@7.4', '7.4'));
    expect(json(cli(['check'], {}, dir)).target.version).toBe('redis@7.4');
    write('.redis-upgrade-lint.yml', BASE.replace('redis@7.4', '7.10'));
    const r = cli(['check'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/7\.10/);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    const below = cli(['check', '../redis.conf'], {}, sub);
    expect(below.code).toBe(2);
    expect(below.stderr).toBe('redis-upgrade-lint: missing --target: the version you move to (7.4, redis@7.4, valkey@8.0), or target: in .redis-upgrade-lint.yaml\n');
  });

  it('refuses both .yaml and .yml at once', () => {
    write('.redis-upgrade-lint.yaml', BASE);
    write('.redis-upgrade-lint.yml', BASE);
    const r = cli(['check'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^redis-upgrade-lint: both \.redis-upgrade-lint\.yaml and \.redis-upgrade-lint\.yml are in .*: keep one \(or give --config-file\)\n$/);
  });

  it('loses to the command line: options win, lists replace the file\'s', () => {
    write('.redis-upgrade-lint.yaml', `${BASE}only: [config]\n`);
    const r = cli(['check', 'other.conf', '--target', 'redis@7.2', '--only', 'config.alias'], {}, dir);
    const report = json(r);
    expect(report.target.version).toBe('redis@7.2');
    expect(report.inputs.map((i) => i.path)).toEqual(['other.conf']);
    expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(new Set(['config.alias']));
    const text = cli(['check', '--format', 'text', '--fail-on', 'error'], {}, dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^redis-upgrade-lint .*: redis@6\.2 → redis@7\.4/);
  });

  it('is ignored with --no-config', () => {
    write('.redis-upgrade-lint.yaml', BASE);
    const r = cli(['check', '--no-config', 'redis.conf'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^redis-upgrade-lint: missing --target/);
    const contradiction = cli(['check', '--no-config', '--config-file', '.redis-upgrade-lint.yaml'], {}, dir);
    expect(contradiction.stderr).toBe('redis-upgrade-lint: --config-file and --no-config contradict each other: give one of them\n');
  });
});

describe('--config-file', () => {
  it('reads the named file; its relative paths are relative to its own directory', () => {
    mkdirSync(join(dir, 'ci'));
    copyFileSync(DEMO_CONF, join(dir, 'ci', 'redis.conf'));
    write('ci/lint.yaml', `${BASE}  file: report.json\n`);
    write('.redis-upgrade-lint.yaml', 'target: valkey@8.0\n');
    const r = cli(['check', '--config-file', 'ci/lint.yaml'], {}, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const report = JSON.parse(readFileSync(join(dir, 'ci', 'report.json'), 'utf8')) as Report;
    expect(report.target.version).toBe('redis@7.4');
    expect(report.inputs.map((i) => i.path)).toEqual(['ci/redis.conf']);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
  });

  it('is a usage error when the file does not exist', () => {
    const r = cli(['check', '--config-file', 'missing.yaml'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('redis-upgrade-lint: --config-file missing.yaml: no such file\n');
  });

  it('does not stop versions and rules explain when broken: it is said on stderr and left out; check and a named file still refuse it', () => {
    write('.redis-upgrade-lint.yaml', 'output:\n  format: xml\n');
    const versions = cli(['versions'], {}, dir);
    expect(versions.code).toBe(0);
    expect(versions.stdout).toContain('7.4');
    expect(versions.stderr).toBe('redis-upgrade-lint: warning: .redis-upgrade-lint.yaml:2: /output/format must be one of text, json, sarif, markdown\n'
      + 'redis-upgrade-lint: warning: going on without the configuration file: its rule directories are not loaded\n');
    const explain = cli(['rules', 'explain', 'config.unknown-directive'], {}, dir);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('config.unknown-directive');
    expect(cli(['check', 'redis.conf', '--target', '7.4'], {}, dir).code).toBe(2);
    expect(cli(['versions', '--config-file', '.redis-upgrade-lint.yaml'], {}, dir).code).toBe(2);
  });
});

describe('validation', () => {
  it('names the file, the line and the JSON path of each schema error, one line each', () => {
    write('lint.yaml', 'target: redis@7.4\noutput:\n  format: xml\n  fromat: json\nsuppressions:\n  - rule: acl\ntimeouts:\n  connect: 0\n');
    const r = cli(['check', '--config-file', 'lint.yaml'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'redis-upgrade-lint: lint.yaml refused:',
      '  lint.yaml:3: /output/format must be one of text, json, sarif, markdown',
      '  lint.yaml:4: /output/fromat is not a known key (known: format, file, failOn, strict, baseline, verbose)',
      '  lint.yaml:6: /suppressions/0/reason is required',
      '  lint.yaml:8: /timeouts/connect must be >= 1',
      '',
    ].join('\n'));
  });

  it('gives a single problem on one line, YAML syntax errors with their line, bad versions as --target does', () => {
    const refusal = (text: string) => {
      try { parseToolConfig(text, 'a.yaml', dir); } catch (err) { return (err as Error).message; }
      return 'accepted';
    };
    expect(refusal('output:\n  format: xml\n')).toBe('a.yaml:2: /output/format must be one of text, json, sarif, markdown');
    expect(refusal('target: 7.4\ntarget: 7.2\n')).toBe('a.yaml:2: not valid YAML: Map keys must be unique');
    expect(refusal('target: redis@7\n')).toMatch(/^a\.yaml:1: \/target: 'redis@7' is not a version: /);
    expect(refusal('- target\n')).toBe('a.yaml: / must be object');
    expect(refusal('suppressions:\n  - rule: acl\n    reason: "  "\n')).toBe('a.yaml:3: /suppressions/0/reason must not be empty');
    expect(refusal('inputs:\n  sentinel: 10.0.0.9\n')).toBe('a.yaml:2: /inputs/sentinel must be like 10.0.0.9:26379');
    expect(refusal('')).toBe('accepted');
  });

  it('refuses a password key and a URL with a password, without echoing the password', () => {
    write('p.yaml', 'target: 7.4\ninputs:\n  live: ["redis://default:hunter2@10.0.0.5:6379"]\n');
    const url = cli(['check', '--config-file', 'p.yaml'], {}, dir);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/^redis-upgrade-lint: p\.yaml:3: \/inputs\/live\/0 is a URL with a password: .*REDISCLI_AUTH.*\n$/);
    expect(url.stderr).not.toMatch(/hunter2/);
    write('q.yaml', 'target: 7.4\ninputs:\n  masterName: mymaster\n  password: hunter2\n');
    const key = cli(['check', '--config-file', 'q.yaml'], {}, dir);
    expect(key.code).toBe(2);
    expect(key.stderr).toMatch(/^redis-upgrade-lint: q\.yaml:4: \/inputs\/password: no passwords in a configuration file.*REDISCLI_AUTH\n$/);
    expect(key.stderr).not.toMatch(/hunter2/);
    // A password does not hide the file's other problems.
    write('r.yaml', 'target: 7.4\npassword: hunter2\noutput:\n  format: xml\n');
    const both = cli(['check', '--config-file', 'r.yaml'], {}, dir);
    expect(both.stderr.trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}r\.yaml:2: \/password: no passwords in a configuration file/),
      '  r.yaml:4: /output/format must be one of text, json, sarif, markdown',
    ]);
  });
});

describe('suppressions', () => {
  it('leaves matching findings out and lists them in suppressed[] with the reason and where it was declared', () => {
    write('.redis-upgrade-lint.yaml', `${BASE}suppressions:\n  - rule: config.unknown-directive\n    path: "*.conf"\n    reason: the module build ships this directive\n  - rule: config.alias\n    path: legacy/**\n    reason: not these files\n`);
    const report = json(cli(['check'], {}, dir));
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.findings.map((f) => f.ruleId)).not.toContain('config.unknown-directive');
    expect(report.findings.map((f) => f.ruleId)).toContain('config.alias');
    expect(report.suppressed).toEqual([expect.objectContaining({
      ruleId: 'config.unknown-directive', location: { file: 'redis.conf', line: 30 },
      reason: 'the module build ships this directive (.redis-upgrade-lint.yaml:9)',
    })]);
    const text = cli(['check', '--format', 'text'], {}, dir);
    expect(text.stdout).toMatch(/redis\.conf:30 {2}config\.unknown-directive: the module build ships this directive \(\.redis-upgrade-lint\.yaml:9\)/);
  });

  it('refuses a suppression of a rule id no pack defines', () => {
    write('.redis-upgrade-lint.yaml', `${BASE}suppressions:\n  - rule: config.no-such-rule\n    reason: typo\n`);
    const r = cli(['check'], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("redis-upgrade-lint: .redis-upgrade-lint.yaml:9: suppression of unknown rule id 'config.no-such-rule' (see: redis-upgrade-lint rules list)\n");
  });
});

describe('merging the command line over the file', () => {
  const file = 'target: 7.4\ninputs:\n  paths: [a.conf]\n  live: [redis://10.0.0.5:6379]\n  sentinel: 10.0.0.9:26379\n  masterName: mymaster\nskip: [acl]\n'
    + 'output: {format: json, strict: true, file: out/r.json}\ntimeouts: {connect: 100}\ntls: {ca: certs/ca.pem}\n';

  it('takes the command line first, then the file, then the defaults; a list given replaces the file\'s', () => {
    const config = parseToolConfig(file, 'ci/lint.yaml', '/srv/repo');
    const s = checkSettings({ paths: ['b.conf'], format: 'text', strict: false, 'command-timeout': 900 }, config);
    expect(s).toMatchObject({
      target: '7.4', paths: ['b.conf'], live: ['redis://10.0.0.5:6379'], skip: ['acl'], only: [], format: 'text', strict: false,
      output: 'ci/out/r.json', 'connect-timeout': 100, 'command-timeout': 900, concurrency: 8, 'fail-on': 'error',
      sentinel: '10.0.0.9:26379', 'master-name': 'mymaster', 'tls-ca': 'ci/certs/ca.pem',
    });
    expect(checkSettings({ paths: [] }, config).paths).toEqual(['ci/a.conf']);
  });

  it('gives snapshot the file\'s connection settings but not its Sentinel input', () => {
    const config = parseToolConfig(file, 'lint.yaml', '/srv/repo');
    expect(liveSettings({}, config)).toEqual({ 'connect-timeout': 100, 'command-timeout': 5000, concurrency: 8, 'tls-ca': 'certs/ca.pem' });
  });
});

describe('README', () => {
  it('shows a complete example file that validates', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Configuration file'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const config = parseToolConfig(example as string, '.redis-upgrade-lint.yaml', dir);
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'config.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    for (const key of Object.keys(schema.properties)) expect(example, `the example sets ${key}`).toMatch(new RegExp(`^${key}:`, 'm'));
    expect(config.suppressions[0]?.reason).toBeTruthy();
  });
});
