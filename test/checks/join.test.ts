import { describe, expect, it } from 'vitest';
import { joinFindings } from '../../src/checks/join.js';
import type { Finding, Location } from '../../src/report/finding.js';

let n = 0;
function finding(ruleId: string, severity: Finding['severity'], location: Location, subject?: string): Finding {
  n += 1;
  return {
    ruleId, severity, location, message: `${ruleId} message`, evidence: `${ruleId} evidence`, fix: 'fix', references: [{ title: 't', url: 'https://example.org' }],
    fingerprint: n.toString(16).padStart(24, '0'), ...(subject ? { subject } : {}),
  };
}

describe('joinFindings', () => {
  it('joins a command sent by the code and counted in commandstats under the most severe, file-located finding', () => {
    const code1 = finding('source.command-deprecated', 'warning', { file: 'app/a.py', line: 3 }, 'command:georadius');
    const code2 = finding('source.command-deprecated', 'warning', { file: 'app/b.py', line: 9 }, 'command:georadius');
    const stats = finding('commands.deprecated-used', 'warning', { instance: '10.0.0.1:6379', role: 'master', field: 'cmdstat_georadius' }, 'command:georadius');
    const other = finding('config.alias', 'warning', { file: 'redis.conf', line: 1 }, 'directive:slaveof');
    const out = joinFindings([code1, code2, other, stats]);
    expect(out.map((f) => f.ruleId)).toEqual(['source.command-deprecated', 'config.alias']);
    expect(out[0]).toBe(code1);
    expect(out[0]?.related?.map((r) => r.location)).toEqual([code2.location, stats.location]);
    expect(out[1]?.related).toBeUndefined();
  });

  it('leads with the more severe side even when it is an instance', () => {
    const file = finding('config.default-changed', 'warning', { file: 'redis.conf' }, 'directive:maxmemory-samples');
    const live = finding('config.invalid-value', 'error', { instance: 'h:1', field: 'maxmemory-samples' }, 'directive:maxmemory-samples');
    const out = joinFindings([live, file]);
    expect(out).toEqual([live]);
    expect(live.related?.[0]).toMatchObject({ ruleId: 'config.default-changed', location: { file: 'redis.conf' } });
  });

  it('leaves findings seen on one side only as they are (a code-only run keeps one finding per call site)', () => {
    const a = finding('source.command-deprecated', 'warning', { file: 'a.py', line: 1 }, 'command:getset');
    const b = finding('source.command-deprecated', 'warning', { file: 'b.py', line: 1 }, 'command:getset');
    const c = finding('repl.lag', 'warning', { instance: 'h:1' });
    expect(joinFindings([a, b, c])).toEqual([a, b, c]);
    expect(a.related).toBeUndefined();
  });
});
