import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFixtures, runFixture } from '../../src/checks/rule-tests.js';
import { loadRuleIndex } from '../../src/rulepack/load.js';
import { ROOT } from '../helpers/cli.js';

const fixtures = listFixtures(join(ROOT, 'fixtures', 'rules'));

describe('rule fixtures (ruleid / ok markers)', () => {
  it.each(fixtures.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_name, file) => {
    const result = runFixture(file);
    expect(result.failures).toEqual([]);
    expect(result.assertions).toBeGreaterThan(0);
  });

  it('every config rule has a fixture that fires it and one that keeps it quiet', () => {
    const text = fixtures.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const rule of loadRuleIndex().rules.filter((r) => r.inputs.includes('config'))) {
      if (rule.id === 'config.binary-file') continue; // a binary file cannot carry markers: test/cli covers it
      expect(text, `${rule.id} fires somewhere`).toMatch(new RegExp(`#\\s*(file-)?ruleid:.*\\b${rule.id.replace(/\./g, '\\.')}\\b`));
      expect(text, `${rule.id} stays quiet somewhere`).toMatch(new RegExp(`#\\s*(file-)?ok:.*\\b${rule.id.replace(/\./g, '\\.')}\\b`));
    }
  });

  it('fails a .live fixture whose marker is wrong, and one with an unmarked finding on a node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-fx-'));
    const wrong = join(dir, 'wrong.live');
    const snapshot = join(ROOT, 'fixtures', 'snapshots', 'redis-7.0-master-6.2-replica.json');
    writeFileSync(wrong, `# rule-test: target=redis@7.4 snapshot=${snapshot}\n# ruleid: live.replica-older-than-master\n127.0.0.1:17101\n# ok: repl.link-down\n127.0.0.1:17102\n`);
    expect(runFixture(wrong).failures).toEqual([
      expect.stringMatching(/wrong\.live:2: expected live\.replica-older-than-master on 127\.0\.0\.1:17101, not reported/),
      expect.stringMatching(/wrong\.live:4: repl\.link-down reported on 127\.0\.0\.1:17102, marked ok/),
      expect.stringMatching(/wrong\.live:1: repl\.link-down reported on 127\.0\.0\.1:17102 \(replica\) master_link_status but not marked/),
      expect.stringMatching(/wrong\.live:1: live\.replica-older-than-master reported on 127\.0\.0\.1:17102 \(replica\) version but not marked/),
    ]);
  });

  it('fails a fixture whose marker is wrong, and one with an unmarked finding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-fx-'));
    const wrong = join(dir, 'wrong.conf');
    writeFileSync(wrong, '# rule-test: target=redis@7.0 from=redis@6.2\n# ruleid: config.unknown-directive\nmaxmemory 1mb\n# ok: config.unknown-directive\ngopher-enabled no\n');
    expect(runFixture(wrong).failures).toEqual([
      expect.stringMatching(/wrong\.conf:2: expected config\.unknown-directive at line 3, not reported/),
      expect.stringMatching(/wrong\.conf:4: config\.unknown-directive reported at line 5, marked ok/),
      expect.stringMatching(/wrong\.conf:5: config\.unknown-directive reported but not marked/),
    ]);
  });
});
