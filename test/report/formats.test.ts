import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('--format markdown', () => {
  it('opens with the verdict and lists blockers with fixes, rollback notes and the versions that produced it', () => {
    const r = cli(['check', 'fixtures/demo', '-t', 'redis@7.4', '--format', 'markdown']);
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md.split('\n').slice(0, 3)).toEqual(['# Redis upgrade review: redis@6.0 → redis@7.4', '', '**Verdict: Blocked: fix the errors before upgrading.**']);
    expect(md).toMatch(/\| errors \| of which block startup \| warnings \| info \| not checked \| suppressed \|\n\|---\|---\|---\|---\|---\|---\|\n\| \d+ \| 2 \| \d+ \| 0 \| 0 \| 0 \|/);
    expect(md).toMatch(/## Blockers \(\d+\)\n\n- \*\*config\.invalid-value\*\* at `fixtures\/demo\/redis\.conf:27` \(\*\*blocks startup\*\*\)/);
    expect(md).toContain('  - Fix: remove the line');
    expect(md).toMatch(/## Rollback notes\n/);
    expect(md).toMatch(/---\nProduced by redis-upgrade-lint \d+\.\d+\.\d+ with packs .*config-generic \(checked \d{4}-\d\d-\d\d\)/);
  });

  it('says clear when nothing is found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-md-'));
    writeFileSync(join(dir, 'redis.conf'), 'port 6379\nacl-pubsub-default allchannels\n');
    const r = cli(['check', join(dir, 'redis.conf'), '-t', 'redis@7.4', '--from', '7.4', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Verdict: Clear: nothing found that blocks or changes the upgrade.**');
  });
});

describe('--strict', () => {
  it('turns a gap in coverage into exit 1, and only with --strict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-strict-'));
    writeFileSync(join(dir, 'redis.conf'), 'port 6379\n');
    writeFileSync(join(dir, 'requirements.txt'), 'redis==\n[broken\n');
    const args = ['check', dir, '-t', 'redis@7.4', '--from', '7.4'];
    const plain = cli(args);
    expect(plain.stdout).toMatch(/Not checked \(\d+\)/);
    expect(plain.code).toBe(0);
    const strict = cli([...args, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/--strict: \d+ input\(s\) or part\(s\) could not be checked/);
  });

  it('does not count vendored and generated directories left out by default (every checkout has a .git) as a gap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-strict-vendored-'));
    for (const d of ['.git', 'node_modules']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'redis.conf'), 'port 6379\n');
    const r = cli(['check', dir, '-t', 'redis@7.4', '--from', '7.4', '--strict']);
    expect(r.stdout).toContain('2 vendored or generated directories');
    expect(r.code).toBe(0);
  });
});
