import { describe, expect, it } from 'vitest';
import { bootHits, dataHits, reasonOf } from '../../src/checks/boot/compare.js';
import type { BootFacts } from '../../src/inputs/boot/boot.js';
import type { DataCheckFacts } from '../../src/inputs/boot/data-check.js';
import type { Finding } from '../../src/report/finding.js';

const binary = { bin: '/x/redis-server', flavor: 'redis' as const, version: '7.0.15', text: 'Redis server v=7.0.15' };
const facts = (over: Partial<BootFacts>): BootFacts => ({
  conf: 'r.conf', binary, outcome: 'refused', started: false, errorLines: [], output: '', exitCode: 1, signal: null, durationMs: 0, changes: [], ...over,
});
const blocker = (file: string, line?: number): Finding => ({
  ruleId: 'config.x', severity: 'error', message: 'm', location: line === undefined ? { file } : { file, line }, evidence: '', fix: '', references: [], fingerprint: 'f', blocksStartup: true,
});
const names = { server: 'redis 7.0.15', packs: 'p', timeoutMs: 5000 };
const checks = (hits: ReturnType<typeof bootHits>) => hits.map((h) => h.check);

describe('bootHits', () => {
  const configError = ['*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***', 'Reading the configuration file, at line 3', ">>> 'hz 1 2'", 'wrong number of arguments'];
  it('agrees when a prediction covers the line the server names, or the whole file', () => {
    expect(checks(bootHits(facts({ errorLines: configError, refusedAt: { file: 'r.conf', line: 3 } }), [blocker('r.conf', 3)], names))).toEqual(['boot-refused']);
    expect(checks(bootHits(facts({ errorLines: configError, refusedAt: { file: 'r.conf', line: 3 } }), [blocker('r.conf')], names))).toEqual(['boot-refused']);
  });
  it('compares only at file level when the server names no line (a post-load check, a module)', () => {
    expect(checks(bootHits(facts({ errorLines: ['replicaof directive not allowed in cluster mode'] }), [blocker('r.conf', 9)], names))).toEqual(['boot-refused']);
  });
  it('reports a refusal at a line no prediction covers, where the server stopped', () => {
    const hits = bootHits(facts({ errorLines: configError, refusedAt: { file: 'inc.conf', line: 3 } }), [blocker('r.conf', 3)], names);
    expect(checks(hits)).toEqual(['boot-refused', 'boot-prediction-mismatch']);
    expect(hits[1]?.hit.location).toEqual({ file: 'inc.conf', line: 3 });
    expect(hits[1]?.hit.vars.observed).toBe("refused first at inc.conf:3 ('hz 1 2': wrong number of arguments)");
  });
  it('reports predicted refusals of a server that started at the first of them', () => {
    const hits = bootHits(facts({ outcome: 'started', started: true, exitCode: null }), [blocker('r.conf', 4), blocker('r.conf', 7)], names);
    expect(checks(hits)).toEqual(['boot-started', 'boot-prediction-mismatch']);
    expect(hits[1]?.hit.location).toEqual({ file: 'r.conf', line: 4 });
    expect(hits[1]?.hit.vars.predicted).toBe('a refusal (config.x at r.conf:4, config.x at r.conf:7)');
  });
  it('claims nothing for a server that neither started nor exited', () => {
    expect(checks(bootHits(facts({ outcome: 'no-answer', exitCode: null }), [blocker('r.conf', 4)], names))).toEqual(['boot-no-answer']);
  });
  it('says why in one line', () => {
    expect(reasonOf(configError)).toBe("'hz 1 2': wrong number of arguments");
    expect(reasonOf(['Module /x.so failed to load: no such file', "Can't load module from /x.so: server aborting"])).toBe('Module /x.so failed to load: no such file');
    expect(reasonOf([])).toBe('exited without a message');
  });
});

describe('dataHits', () => {
  const data = (over: Partial<DataCheckFacts>): DataCheckFacts => ({
    kind: 'rdb', path: 'dump.rdb', binary, tool: { name: 'redis-check-rdb', file: '/x/redis-check-rdb' }, outcome: 'failed', errorLines: [], output: '', exitCode: 1, signal: null, durationMs: 0, ...over,
  });
  it('takes the reason after the RDB error marker, without the offset', () => {
    const [h] = dataHits(data({ errorLines: ['--- RDB ERROR DETECTED ---', "[offset 9] Can't handle RDB format version 11", '[additional info] While doing: start'] }), 'redis 7.0.15');
    expect(h?.check).toBe('rdb-check');
    expect(h?.hit.vars.reason).toBe("Can't handle RDB format version 11");
  });
  it('takes the first error line of redis-check-aof, and nothing when the check passed or timed out', () => {
    const [h] = dataHits(data({ kind: 'aof', path: 'appendonlydir', errorLines: ['0x4c: Expected to read 3 bytes, got 1 bytes', 'AOF x is not valid.'] }), 's');
    expect([h?.check, h?.hit.vars.reason]).toEqual(['aof-check', '0x4c: Expected to read 3 bytes, got 1 bytes']);
    expect(dataHits(data({ outcome: 'ok' }), 's')).toEqual([]);
    expect(dataHits(data({ outcome: 'no-answer' }), 's')).toEqual([]);
  });
});
