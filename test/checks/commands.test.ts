import { describe, expect, it } from 'vitest';
import { commandKey, commandStatus, releaseLabel } from '../../src/checks/commands.js';
import { deprecatedCommandsUsed, missingCommandsUsed } from '../../src/checks/live/usage.js';
import type { LiveContext } from '../../src/checks/live/context.js';
import type { Snapshot } from '../../src/inputs/live/snapshot.js';
import { loadRuleIndex } from '../../src/rulepack/load.js';
import { parseVersion } from '../../src/versions/version.js';

const index = loadRuleIndex();
const commands = index.commands;
const at = (name: string, spec: string) => commandStatus(commands, name, parseVersion(spec));

describe('commands table', () => {
  it('loads and validates', () => {
    expect(index.errors).toEqual([]);
    expect(Object.keys(commands).length).toBeGreaterThan(500);
  });

  it('states for every entry the version that introduced it in at least one flavor', () => {
    for (const [name, spec] of Object.entries(commands)) {
      expect(spec.since ?? spec.valkeySince, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(spec.valkey, name).toBe(spec.valkeySince !== undefined);
    }
  });
});

describe('commandStatus', () => {
  it('GEORADIUS: deprecated in Redis from 6.2, in Valkey until 9.0 un-deprecated it', () => {
    expect(at('georadius', 'redis@6.0')).toMatchObject({ exists: true, since: '3.2.0' });
    expect(at('georadius', 'redis@6.0').deprecated).toBeUndefined();
    expect(at('GEORADIUS', 'redis@6.2.0').deprecated).toMatchObject({ since: '6.2.0', replacedBy: expect.stringContaining('GEOSEARCH') });
    expect(at('georadius', 'redis@8.2').deprecated?.source).toMatch(/^redis\/redis:/);
    expect(at('georadius', 'valkey@8.1').deprecated).toMatchObject({ since: '6.2.0' });
    expect(at('georadius', 'valkey@9.0')).toMatchObject({ exists: true });
    expect(at('georadius', 'valkey@9.0').deprecated).toBeUndefined();
  });

  it('HEXPIRE: Redis 7.4 on; absent from Valkey 8.0, added by Valkey 9.0', () => {
    expect(at('hexpire', 'redis@7.2').exists).toBe(false);
    expect(at('hexpire', 'redis@7.4')).toMatchObject({ exists: true, since: '7.4.0' });
    expect(at('hexpire', 'valkey@8.0')).toMatchObject({ known: true, exists: false, since: '9.0.0' });
    expect(at('hexpire', 'valkey@8.1').exists).toBe(false);
    expect(at('hexpire', 'valkey@9.0').exists).toBe(true);
  });

  it('Valkey-only commands are absent from every Redis release', () => {
    expect(at('client capa', 'redis@7.4')).toEqual({ known: true, exists: false });
    expect(at('CLIENT|CAPA', 'valkey@8.0')).toMatchObject({ exists: true, since: '8.0.0' });
    expect(at('client capa', 'valkey@7.2').exists).toBe(false);
    expect(at('sentinel primary', 'redis@8.2').exists).toBe(false);
    expect(at('commandlog get', 'valkey@8.0').exists).toBe(false);
    expect(at('commandlog get', 'valkey@8.1').exists).toBe(true);
  });

  it('CLUSTER SLOT-STATS: Valkey 8.0, Redis only from 8.2', () => {
    expect(at('cluster slot-stats', 'valkey@8.0').exists).toBe(true);
    expect(at('cluster slot-stats', 'redis@8.0').exists).toBe(false);
    expect(at('cluster slot-stats', 'redis@8.2')).toMatchObject({ exists: true, since: '8.2.0' });
  });

  it('Redis 8.0 commands: absent on 7.4, present on 8.0, absent from Valkey 9.0', () => {
    for (const c of ['hgetdel', 'hgetex', 'hsetex']) {
      expect(at(c, 'redis@7.4').exists, c).toBe(false);
      expect(at(c, 'redis@8.0'), c).toMatchObject({ exists: true, since: '8.0.0' });
    }
    expect(at('hgetdel', 'valkey@9.0').exists).toBe(false);
    expect(at('hsetex', 'valkey@9.0').exists).toBe(true);
  });

  it('deprecations Valkey added: SENTINEL MASTER from 8.0, SLOWLOG only in 8.1', () => {
    expect(at('sentinel master', 'valkey@7.2').deprecated).toBeUndefined();
    expect(at('sentinel master', 'valkey@9.0').deprecated).toMatchObject({ since: '8.0.0', replacedBy: 'SENTINEL PRIMARY' });
    expect(at('sentinel master', 'redis@8.2').deprecated).toBeUndefined();
    expect(at('slowlog get', 'valkey@8.1').deprecated).toMatchObject({ since: '8.1.0' });
    expect(at('slowlog get', 'valkey@9.0').deprecated).toBeUndefined();
    expect(at('cluster slots', 'valkey@7.2').deprecated).toMatchObject({ since: '7.0.0' });
    expect(at('cluster slots', 'valkey@8.0').deprecated).toBeUndefined();
    expect(at('cluster slots', 'redis@7.4').deprecated).toMatchObject({ since: '7.0.0', replacedBy: 'CLUSTER SHARDS' });
  });

  it('module commands name their module and exist from the Redis release bundling them', () => {
    expect(at('json.get', 'redis@7.4')).toMatchObject({ exists: false, module: 'ReJSON' });
    expect(at('json.get', 'redis@8.0')).toMatchObject({ exists: true, since: '8.0.0', module: 'ReJSON' });
    expect(at('ft.search', 'valkey@9.0')).toMatchObject({ exists: false, module: 'search' });
    expect(at('vadd', 'redis@8.0')).toMatchObject({ exists: true, module: 'vectorset' });
    expect(at('vismember', 'redis@8.0').exists).toBe(false);
    expect(at('vismember', 'redis@8.2').exists).toBe(true);
  });

  it('an unknown command is not known; names are normalised', () => {
    expect(at('nosuchcommand', 'redis@8.2')).toEqual({ known: false, exists: false });
    expect(commandKey('cmdstat_CLIENT|LIST')).toBe('client list');
    expect(at(' Client  List ', 'redis@7.4').exists).toBe(true);
  });
});

describe('live checks reading the table (INFO commandstats)', () => {
  const snap = {
    nodes: [{
      address: '10.0.0.5:6379', reachable: true, skipped: [],
      info: { replication: { role: 'master' }, commandstats: {
        cmdstat_hexpire: 'calls=5,usec=10,usec_per_call=2.00',
        cmdstat_georadius: 'calls=3,usec=9,usec_per_call=3.00',
        'cmdstat_client|capa': 'calls=1,usec=1,usec_per_call=1.00',
        'cmdstat_json.get': 'calls=7,usec=7,usec_per_call=1.00',
      } },
    }],
  } as unknown as Snapshot;
  const ctx = (from: string, target: string) =>
    ({ index, path: { from: parseVersion(from), target: parseVersion(target) } }) as unknown as LiveContext;
  const names = (hits: { vars: Record<string, string> }[]) => hits.map((h) => h.vars.command).sort();

  it('missing in the target: HEXPIRE on Valkey 8.0, CLIENT CAPA on Redis; module commands are left to the module rule', () => {
    expect(names(missingCommandsUsed(snap, ctx('redis@7.4', 'valkey@8.0')))).toEqual(['HEXPIRE']);
    expect(names(missingCommandsUsed(snap, ctx('redis@7.4', 'valkey@9.0')))).toEqual([]);
    expect(names(missingCommandsUsed(snap, ctx('valkey@8.0', 'redis@7.4')))).toEqual(['CLIENT CAPA']);
  });

  it('deprecated in the target, per flavor', () => {
    expect(names(deprecatedCommandsUsed(snap, ctx('redis@7.4', 'redis@8.2')))).toEqual(['GEORADIUS']);
    expect(names(deprecatedCommandsUsed(snap, ctx('redis@7.4', 'valkey@8.0')))).toEqual(['GEORADIUS']);
    expect(names(deprecatedCommandsUsed(snap, ctx('redis@7.4', 'valkey@9.0')))).toEqual([]);
  });
});

describe('releaseLabel', () => {
  it('names a version in Valkey\'s facts below the fork point as the Redis release Valkey inherited', () => {
    expect(releaseLabel('valkey', '4.0.0')).toBe('redis 4.0.0 (inherited by Valkey)');
    expect(releaseLabel('valkey', '8.1.0')).toBe('valkey 8.1.0');
    expect(releaseLabel('redis', '6.2.0')).toBe('redis 6.2.0');
  });
});
