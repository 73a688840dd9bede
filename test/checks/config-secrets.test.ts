import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import { loadRules } from '../../src/checks/rules.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';

it('never shows a password of a refused or unbalanced configuration line, in any format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rul-secrets-'));
  const conf = join(dir, 'redis.conf');
  writeFileSync(conf, [
    'requirepass correct horse-battery-staple', // wrong number of arguments
    'masterauth "s3cr3t', // unbalanced quotes
    'user bob on >hunter2 ~* +@all #6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b oops-a-password',
  ].join('\n'));
  const { report } = runCheck({ paths: [conf], target: 'redis@7.4', from: 'redis@6.2' });
  const outputs = [JSON.stringify(report), formatText(report, { color: false, verbose: true }), formatMarkdown(report), formatSarif(report, loadRules().rules)];
  for (const out of outputs) {
    for (const secret of ['horse', 'battery', 's3cr3t', 'hunter2', '6b86b273', 'oops-a-password']) expect(out).not.toContain(secret);
  }
  const evidence = report.findings.map((f) => f.evidence);
  expect(evidence).toContain('requirepass <redacted>');
  expect(evidence).toContain('masterauth <redacted>');
  expect(evidence).toContain('user bob on ><redacted> ~* +@all #<redacted> <redacted>');
});

it('keeps secrets out of fingerprints (unsalted hashes): two files that differ only in their passwords get the same ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rul-secrets-fp-'));
  const conf = join(dir, 'redis.conf');
  const fingerprints = (pw: string) => {
    writeFileSync(conf, [`requirepass ${pw} extra`, `masterauth "${pw}`, `user bob on >${pw} ~* +@all`, `sentinel auth-pass mymaster ${pw} x`].join('\n'));
    const { report } = runCheck({ paths: [conf], target: 'redis@7.4', from: 'redis@6.2' });
    return report.findings.map((f) => `${f.ruleId} ${f.fingerprint}`).sort();
  };
  const a = fingerprints('hunter2');
  expect(a.length).toBeGreaterThanOrEqual(3);
  expect(fingerprints('correct-horse')).toEqual(a);
});
