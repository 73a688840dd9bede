import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strtol } from '../../src/checks/config/c-numbers.js';
import { checkValue, legacyNumber, memoryBytes, memtoll } from '../../src/checks/config/values.js';
import { runCheck } from '../../src/checks/run.js';
import { loadRuleIndex } from '../../src/rulepack/load.js';
import type { DirectiveSpec, LegacyRead } from '../../src/rulepack/types.js';

const index = loadRuleIndex();

/** The entry of a built-in table, aliases resolved. */
function spec(line: string, name: string): DirectiveSpec {
  const table = index.tables.find((t) => t.flavor === 'redis' && t.line === line);
  const entry = table?.directives[name];
  if (!entry) throw new Error(`redis ${line} has no ${name}`);
  return entry.aliasOf ? spec(line, entry.aliasOf) : entry;
}

const check = (line: string, name: string, ...args: string[]) => checkValue(name, spec(line, name), args);

describe('C number readers of the hand-written parsers', () => {
  const atoi: LegacyRead = { arg: 1, fn: 'atoi' };
  it('atoi reads a leading number and ignores the rest; no digits read as 0', () => {
    expect(legacyNumber(atoi, '10mb')).toBe(10n);
    expect(legacyNumber(atoi, 'abc')).toBe(0n);
    expect(legacyNumber(atoi, ' -7x')).toBe(-7n);
    expect(legacyNumber(atoi, '')).toBe(0n);
  });
  it('atoi keeps the low 32 bits of strtol, which saturates at the long range', () => {
    expect(legacyNumber(atoi, '4294967297')).toBe(1n);
    expect(legacyNumber(atoi, '99999999999999999999')).toBe(-1n);
  });
  it('strtol with the end pointer checked refuses trailing characters, not an empty token', () => {
    const whole: LegacyRead = { arg: 1, fn: 'strtol', whole: true };
    expect(legacyNumber(whole, '6380x')).toBeUndefined();
    expect(legacyNumber(whole, 'abc')).toBeUndefined();
    expect(legacyNumber(whole, '6380')).toBe(6380n);
    expect(legacyNumber(whole, '')).toBe(0n);
  });
  it('strtol in base 8 with errno checked refuses only an overflow', () => {
    const octal: LegacyRead = { arg: 1, fn: 'strtol', base: 8, range: true };
    expect(legacyNumber(octal, '0777')).toBe(511n);
    expect(legacyNumber(octal, '999')).toBe(0n);
    expect(legacyNumber(octal, '777777777777777777777')).toBe(9223372036854775807n);
    expect(legacyNumber(octal, '1000000000000000000000')).toBeUndefined();
    expect(strtol('-12', 8)).toEqual({ value: -10n, end: 3, overflow: false });
  });
  it('memtoll reads an unknown unit as 0 from 3.0, and as the digits before it in 2.8', () => {
    expect(memtoll('1.5gb', false)).toBe(0n);
    expect(memtoll('1.5gb', true)).toBe(1n);
    expect(memtoll('5KB', false)).toBe(5120n);
    expect(memtoll('-1', false)).toBe(-1n);
    expect(memtoll('kb', false)).toBe(0n);
    expect(memtoll('9'.repeat(128), false)).toBe(0n);
    expect(memtoll('9'.repeat(128), true)).toBe(9223372036854775807n);
    expect(memtoll('8589934592gb', false)).toBe(-9223372036854775808n);
  });
});

describe('values the hand-written parsers of redis 2.8 to 6.0 refuse', () => {
  it('accepts atoi garbage that reads within the bounds and refuses a bound with the branch text', () => {
    expect(check('5.0', 'timeout', 'abc')).toBeNull();
    expect(check('5.0', 'timeout', '-1')).toBe('Invalid timeout value');
    expect(check('5.0', 'maxclients', '10000abc')).toBeNull();
    expect(check('5.0', 'maxclients', 'abc')).toBe('Invalid max clients limit');
    expect(check('3.2', 'port', '65536')).toBe('Invalid port');
    expect(check('3.2', 'port', '4294967297')).toBeNull();
  });
  it('compares in the C type of the field: a negative value stored unsigned passes a lower bound', () => {
    expect(check('5.0', 'maxclients', '-5')).toBeNull();
    expect(check('5.0', 'maxclients', '0')).toBe('Invalid max clients limit');
    expect(check('5.0', 'active-defrag-max-scan-fields', '-5')).toBeNull();
    expect(check('5.0', 'active-defrag-max-scan-fields', '0')).toBe('active-defrag-max-scan-fields must be positive');
  });
  it('reads memory values with the release memtoll', () => {
    expect(check('5.0', 'repl-backlog-size', '1.5gb')).toBe('repl-backlog-size must be 1 or greater.');
    expect(check('5.0', 'repl-backlog-size', '5kb')).toBeNull();
    expect(check('2.8', 'repl-backlog-size', '1.5gb')).toBeNull();
    expect(check('5.0', 'maxmemory', '1.5gb')).toBeNull();
  });
  it('refuses unixsocketperm above 0777 only (invalid octal digits read as 0)', () => {
    expect(check('5.0', 'unixsocketperm', '999')).toBeNull();
    expect(check('5.0', 'unixsocketperm', '1000')).toBe('Invalid socket file permissions');
    expect(check('6.0', 'unixsocketperm', '-1')).toBe('Invalid socket file permissions');
  });
  it('uses the release wording for yes/no and enums, and its own list of values', () => {
    expect(check('5.0', 'daemonize', 'maybe')).toBe("argument must be 'yes' or 'no'");
    expect(check('5.0', 'daemonize', 'YES')).toBeNull();
    expect(check('2.8', 'loglevel', 'verbose')).toBeNull();
    expect(check('2.8', 'loglevel', 'nothing')).toBe('Invalid log level. Must be one of debug, notice, warning');
    expect(check('5.0', 'loglevel', 'nothing')).toBe('Invalid log level. Must be one of debug, verbose, notice, warning');
    expect(check('3.0', 'maxmemory-policy', 'allkeys-lfu')).toBe('Invalid maxmemory policy');
    expect(check('5.0', 'maxmemory-policy', 'ALLKEYS-LFU')).toBeNull();
    expect(check('6.0', 'loglevel', 'nothing')).toBe('argument must be one of the following: debug, verbose, notice, warning');
  });
  it('accepts what a branch reads without checking it', () => {
    expect(check('5.0', 'lua-replicate-commands', 'maybe')).toBeNull();
    expect(check('5.0', 'hz', '0')).toBeNull();
    expect(check('5.0', 'slave-priority', 'abc')).toBeNull();
  });
  it('reads save pairs only on a line of one pair, and takes replicaof no one before the port', () => {
    expect(check('5.0', 'save', '0', '0')).toBe('Invalid save parameters');
    expect(check('5.0', 'save', '900', '-1')).toBe('Invalid save parameters');
    expect(check('5.0', 'save', '1x', '0')).toBeNull();
    expect(check('5.0', 'save', '0', '0', '0')).toBeNull();
    expect(check('6.0', 'replicaof', 'NO', 'one')).toBeNull();
    expect(check('6.0', 'replicaof', '127.0.0.1', '6380x')).toBe('Invalid master port');
    expect(check('6.0', 'replicaof', '127.0.0.1', '65536')).toBe('Invalid master port');
    expect(check('5.0', 'replicaof', '127.0.0.1', '6380x')).toBeNull();
  });
  it('says a wrong token count the way the chain does', () => {
    expect(check('5.0', 'maxclients', '1', '2')).toBe('Bad directive or wrong number of arguments');
    expect(check('6.0', 'maxclients', '1', '2')).toBe('wrong number of arguments');
  });
});

describe('memory values of typed entries', () => {
  it('reads no digits as 0, as memtoll (6.0) and memtoull (7.0 on) do: only a lower bound refuses it', () => {
    expect(check('6.0', 'maxmemory', '')).toBeNull();
    expect(check('7.2', 'maxmemory', 'kb')).toBeNull();
    expect(check('6.0', 'repl-backlog-size', '')).toBe('argument must be between 1 and 9223372036854775807 inclusive');
    expect(check('7.2', 'maxmemory', '-')).toBe('argument must be a memory value');
    expect(memoryBytes('9'.repeat(128))).toBeUndefined();
  });
});

describe('what a run says it did not check', () => {
  it('no longer lists the old lines as names and arities only', () => {
    const conf = join(mkdtempSync(join(tmpdir(), 'rul-legacy-')), 'redis.conf');
    writeFileSync(conf, 'maxclients 0\n');
    for (const line of ['2.8', '3.0', '3.2', '4.0', '5.0', '6.0']) {
      const { report } = runCheck({ paths: [conf], target: `redis@${line}`, from: `redis@${line}` });
      expect(report.notChecked.map((n) => n.reason).join('\n')).not.toMatch(/names and arities only/);
      expect(report.findings.filter((f) => f.blocksStartup).map((f) => f.ruleId)).toEqual(['config.invalid-value']);
    }
  });
  it('still lists a line whose table has names and arities only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-legacy-'));
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, 'maxclients 0\n');
    mkdirSync(join(dir, 'pack'));
    writeFileSync(join(dir, 'pack', 'redis-2.6.json'), JSON.stringify({
      kind: 'directives', flavor: 'redis', line: '2.6', version: '2.6.17', checked: '2026-11-21', sources: ['a table without value facts'],
      directives: { maxclients: { type: 'legacy', argc: 2 } },
    }));
    const { report } = runCheck({ paths: [conf], target: 'redis@2.6', from: 'redis@2.6', rulesDirs: [join(dir, 'pack')] });
    expect(report.notChecked).toContainEqual({ input: 'values', reason: 'the redis 2.6 table has directive names and arities only: values are not checked against it' });
    expect(report.findings.filter((f) => f.blocksStartup)).toEqual([]);
  });
});
