import { describe, expect, it } from 'vitest';
import { applySuppressions, ignoreComment } from '../../src/checks/suppress.js';
import type { Finding } from '../../src/report/finding.js';

const finding = (line: number, ruleId = 'source.command-deprecated'): Finding => ({
  ruleId, severity: 'warning', message: 'm', location: { file: 'a.py', line }, evidence: 'e', fix: 'f', references: [], fingerprint: `${line}`,
});

function suppressedLines(lines: string[], at: number[]): number[] {
  const r = applySuppressions(at.map((n) => finding(n)), (_, n) => lines[n - 1]);
  return r.suppressed.map((s) => (s.finding.location as { line: number }).line);
}

describe('inline suppressions', () => {
  it('a trailing comment covers its own line, not the code line below it', () => {
    const lines = [
      'import redis',
      'r = redis.Redis()',
      'a = r.getset("k", "v")  # redis-upgrade-lint: ignore source.command-deprecated -- only this one',
      'b = r.rpoplpush("a", "b")',
    ];
    expect(suppressedLines(lines, [3, 4])).toEqual([3]);
  });

  it('comment lines right above cover the next code line, in each comment style', () => {
    for (const c of ['#', '//', '--', '/*']) {
      const lines = [`${c} redis-upgrade-lint: ignore source.command-deprecated -- kept${c === '/*' ? ' */' : ''}`, '# another comment', 'r.getset("k", "v")', 'r.getset("k", "v")'];
      expect(suppressedLines(lines, [3, 4]), c).toEqual([3]);
    }
  });

  it('the words inside a string literal are not an ignore comment', () => {
    expect(ignoreComment('log("redis-upgrade-lint: ignore source.command-deprecated -- in a string"); r.getset(k, v)')).toBeUndefined();
    expect(ignoreComment('x = 1  # redis-upgrade-lint: ignore py.redis,source.command-deprecated -- two')).toEqual({ ids: ['py.redis', 'source.command-deprecated'], reason: 'two' });
    expect(ignoreComment('<!-- redis-upgrade-lint: ignore acl -->')).toEqual({ ids: ['acl'], reason: 'no reason given' });
  });
});
