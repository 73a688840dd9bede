import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import { loadRules } from '../../src/checks/rules.js';
import { redactSourceSecrets } from '../../src/inputs/source/secrets.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';

describe('redactSourceSecrets', () => {
  it.each([
    ["new Redis('redis://:s3cret@10.1.2.3:6379/0')", "new Redis('redis://:<redacted>@10.1.2.3:6379/0')"],
    ["from_url('rediss://default:s3cret@host:6380')", "from_url('rediss://default:<redacted>@host:6380')"],
    ['pip install git+https://ghp_s3cret@github.com/x/y', 'pip install git+https://<redacted>@github.com/x/y'],
    ['Password: "s3cret",', 'Password: "<redacted>",'],
    ['redis.Redis(host="h", password="s3cret", db=0)', 'redis.Redis(host="h", password="<redacted>", db=0)'],
    ["Redis.new(:password => 's3cret')", "Redis.new(:password => '<redacted>')"],
    ['REDIS_PASSWORD = "s3cret"', 'REDIS_PASSWORD = "<redacted>"'],
    ['{ "password": "s3cret" }', '{ "password": "<redacted>" }'],
    ['jedis.auth("s3cret");', 'jedis.auth("<redacted>");'],
    ['config.setPassword("s3cret");', 'config.setPassword("<redacted>");'],
    ["r.execute_command('AUTH', 'user', 's3cret')", "r.execute_command('AUTH', 'user', '<redacted>')"],
    ["r.execute_command('CONFIG', 'SET', 'requirepass', 's3cret')", "r.execute_command('CONFIG', 'SET', 'requirepass', '<redacted>')"],
  ])('%s', (line, redacted) => {
    expect(redactSourceSecrets(line)).toBe(redacted);
  });

  it('leaves lines without a secret as they are', () => {
    for (const line of ['r.getset("k", "v")', 'auth_enabled = True', "url = 'redis://localhost:6379/0'", 'password = os.environ["REDIS_PASSWORD"]']) {
      expect(redactSourceSecrets(line)).toBe(line);
    }
  });
});

it('never shows a password written in application code, in any format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rul-source-secrets-'));
  writeFileSync(join(dir, 'app.py'), [
    'import redis',
    "r = redis.StrictRedis.from_url('redis://:PyUrlSecret@10.0.0.1:6379/0')",
    'r2 = redis.StrictRedis(host="h", password="PyKwSecret")',
    "r.execute_command('AUTH', 'RawSecret'); r.getset('k', 'v')",
  ].join('\n'));
  writeFileSync(join(dir, 'app.js'), [
    "const Redis = require('ioredis');",
    "const c = new Redis('redis://:JsSecret@10.0.0.1:6379'); c.getset('k', 'v');",
  ].join('\n'));
  const { report } = runCheck({ paths: [dir], target: 'redis@7.4', from: 'redis@6.0' });
  expect(report.findings.length).toBeGreaterThan(3);
  const outputs = [JSON.stringify(report), formatText(report, { color: false, verbose: true }), formatMarkdown(report), formatSarif(report, loadRules().rules)];
  for (const out of outputs) {
    for (const secret of ['PyUrlSecret', 'PyKwSecret', 'RawSecret', 'JsSecret']) expect(out).not.toContain(secret);
  }
  expect(report.findings.map((f) => f.evidence)).toContain("r.execute_command('AUTH', '<redacted>'); r.getset('k', 'v')");
});

it('keeps secrets in code out of fingerprints: two files that differ only in their passwords get the same ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rul-source-secrets-fp-'));
  const fingerprints = (pw: string) => {
    writeFileSync(join(dir, 'app.py'), `import redis\nr = redis.StrictRedis.from_url('redis://:${pw}@h:6379/0')\nr2 = redis.StrictRedis(password="${pw}")\n`);
    return runCheck({ paths: [dir], target: 'redis@7.4', from: 'redis@6.0' }).report.findings.map((f) => `${f.ruleId} ${f.fingerprint}`).sort();
  };
  const a = fingerprints('hunter2');
  expect(a.length).toBeGreaterThanOrEqual(2);
  expect(fingerprints('correct-horse')).toEqual(a);
});
