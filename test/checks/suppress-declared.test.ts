import { describe, expect, it } from 'vitest';
import { applyRuleSuppressions, globToRegExp, type RuleSuppression } from '../../src/checks/suppress.js';
import type { Finding, Location } from '../../src/report/finding.js';

function finding(ruleId: string, location: Location): Finding {
  return { ruleId, severity: 'warning', message: 'm', location, evidence: 'e', fix: 'f', references: [], fingerprint: `${ruleId}:${JSON.stringify(location)}` };
}

const base = '/srv/repo';
const s = (rule: string, path?: string): RuleSuppression => ({ rule, ...(path ? { path } : {}), base, reason: 'known', origin: '.redis-upgrade-lint.yaml:3' });

describe('globToRegExp', () => {
  it('keeps * and ? within a segment and lets ** cross directories, also zero of them', () => {
    expect(globToRegExp('*.conf').test('redis.conf')).toBe(true);
    expect(globToRegExp('*.conf').test('etc/redis.conf')).toBe(false);
    expect(globToRegExp('src/**/*.py').test('src/a/b/c.py')).toBe(true);
    expect(globToRegExp('src/**/*.py').test('src/c.py')).toBe(true);
    expect(globToRegExp('redis-?.conf').test('redis-1.conf')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('./legacy/').test('legacy')).toBe(true);
  });
});

describe('applyRuleSuppressions', () => {
  const conf = finding('config.default-changed', { file: 'etc/redis.conf', line: 3 });
  const code = finding('py.redis.hmset', { file: '/srv/repo/legacy/jobs/a.py', line: 9 });
  const live = finding('live.acl-default', { instance: '10.0.0.5:6379' });

  it('suppresses by id or id prefix everywhere when no path is given, with the reason and where it was declared', () => {
    const r = applyRuleSuppressions([conf, code, live], [s('py.redis'), s('live.acl-default')], base);
    expect(r.kept).toEqual([conf]);
    expect(r.suppressed.map((x) => [x.finding.ruleId, x.reason])).toEqual([
      ['py.redis.hmset', 'known (.redis-upgrade-lint.yaml:3)'], ['live.acl-default', 'known (.redis-upgrade-lint.yaml:3)'],
    ]);
  });

  it('with a path: matches files relative to the base (relative locations resolved against cwd), directories cover their files, instances never match', () => {
    expect(applyRuleSuppressions([conf], [s('config', 'etc/*.conf')], base).kept).toEqual([]);
    expect(applyRuleSuppressions([conf], [s('config', 'etc/*.conf')], '/elsewhere').kept).toEqual([conf]);
    expect(applyRuleSuppressions([code], [s('py', 'legacy')], '/').kept).toEqual([]);
    expect(applyRuleSuppressions([code], [s('py', 'jobs')], '/').kept).toEqual([code]);
    expect(applyRuleSuppressions([live], [s('live', '**')], base).kept).toEqual([live]);
    expect(applyRuleSuppressions([conf], [s('acl', 'etc/*.conf')], base).kept).toEqual([conf]);
  });
});
