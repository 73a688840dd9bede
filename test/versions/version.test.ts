import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { includesChange, parseSourceVersion, parseVersion } from '../../src/versions/version.js';
import { describeKnown, resolveLine, upgradePath, type ReleaseLine } from '../../src/versions/path.js';

const known: ReleaseLine[] = [
  ...['5.0', '6.0', '6.2', '7.0', '7.2', '7.4', '8.0'].map((line) => ({ flavor: 'redis' as const, line, version: `${line}.0` })),
  ...['7.2', '8.0', '8.1'].map((line) => ({ flavor: 'valkey' as const, line, version: `${line}.0` })),
];

describe('parseVersion', () => {
  it('reads every spec form', () => {
    expect(parseVersion('7.2')).toEqual({ flavor: 'redis', major: 7, minor: 2 });
    expect(parseVersion('7.2.4')).toEqual({ flavor: 'redis', major: 7, minor: 2, patch: 4 });
    expect(parseVersion('redis@7.4')).toEqual({ flavor: 'redis', major: 7, minor: 4 });
    expect(parseVersion('valkey@8.0')).toEqual({ flavor: 'valkey', major: 8, minor: 0 });
    expect(parseVersion('8.0', 'valkey').flavor).toBe('valkey');
  });
  it('refuses a bad flavor or version with a usage error', () => {
    expect(() => parseVersion('keydb@6.3')).toThrow(/unknown flavor 'keydb'/);
    expect(() => parseVersion('seven')).toThrow(UsageError);
  });
});

describe('includesChange', () => {
  it('follows the Valkey fork point (Redis 7.2.4)', () => {
    const v = parseVersion('valkey@8.0');
    expect(includesChange(v, parseVersion('redis@7.0.0'))).toBe(true);
    expect(includesChange(v, parseVersion('redis@7.2.4'))).toBe(true);
    expect(includesChange(v, parseVersion('redis@7.4.0'))).toBe(false);
    expect(includesChange(parseVersion('redis@8.0'), parseVersion('valkey@8.0.0'))).toBe(false);
  });
});

describe('upgradePath', () => {
  it('lists every line crossed on an upgrade', () => {
    const p = upgradePath(parseVersion('6.0'), parseVersion('7.4'), known);
    expect(p.direction).toBe('upgrade');
    expect(p.gained.map((l) => l.line)).toEqual(['6.2', '7.0', '7.2', '7.4']);
    expect(p.description).toBe('redis@6.0 → redis@7.4 crosses 6.2, 7.0, 7.2, 7.4');
  });
  it('reports a rollback as such', () => {
    const p = upgradePath(parseVersion('7.2'), parseVersion('6.2'), known);
    expect(p.direction).toBe('rollback');
    expect(p.lost.map((l) => l.line)).toEqual(['7.2', '7.0']);
    expect(upgradePath(parseVersion('7.2.6'), parseVersion('7.2.1'), known).direction).toBe('rollback');
  });
  it('goes from Redis to Valkey through the fork point', () => {
    const up = upgradePath(parseVersion('redis@6.2'), parseVersion('valkey@8.0'), known);
    expect(up.direction).toBe('upgrade');
    expect(up.gained.map((l) => `${l.flavor}@${l.line}`)).toEqual(['redis@7.0', 'redis@7.2', 'valkey@7.2', 'valkey@8.0']);
    const cross = upgradePath(parseVersion('redis@7.4'), parseVersion('valkey@8.0'), known);
    expect(cross.direction).toBe('cross');
    expect(cross.lost.map((l) => `${l.flavor}@${l.line}`)).toEqual(['redis@7.4']);
  });
  it('refuses an unknown line listing the known ones', () => {
    expect(() => resolveLine(parseVersion('9.9'), known)).toThrow(/unknown release line redis@9.9; the installed packs know: redis 5.0, 6.0/);
    expect(describeKnown(known)).toBe('redis 5.0, 6.0, 6.2, 7.0, 7.2, 7.4, 8.0; valkey 7.2, 8.0, 8.1');
  });
});

describe('source versions and line-only targets', () => {
  it('reads a bare --from below Valkey\'s first line as Redis, and otherwise in the target\'s flavor', () => {
    const valkey8 = parseVersion('valkey@8.0');
    expect(parseSourceVersion('6.2', valkey8)).toEqual({ flavor: 'redis', major: 6, minor: 2 });
    expect(parseSourceVersion('7.2.4', valkey8)).toEqual({ flavor: 'valkey', major: 7, minor: 2, patch: 4 });
    expect(parseSourceVersion('redis@7.2', valkey8).flavor).toBe('redis');
    expect(parseSourceVersion('6.2', parseVersion('7.4')).flavor).toBe('redis');
  });

  it('takes a target named by its line as that line\'s current release: 7.0.15 → redis@7.0 is no rollback', () => {
    expect(upgradePath(parseVersion('7.0.15'), parseVersion('redis@7.0'), known).direction).toBe('same');
    expect(upgradePath(parseVersion('7.0.15'), parseVersion('7.0.11'), known).direction).toBe('rollback');
  });
});
