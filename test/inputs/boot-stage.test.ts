import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorLinesOf, refusalOf } from '../../src/inputs/boot/output.js';
import { redactOutput, secretsOf } from '../../src/inputs/config/secrets.js';
import { stageConfig } from '../../src/inputs/boot/stage.js';

const made: string[] = [];
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rul-stage-src-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const stage = (root: string, top = 'top.conf') => {
  const dir = mkdtempSync(join(tmpdir(), 'rul-stage-out-'));
  made.push(dir);
  return { dir, staged: stageConfig(join(root, top), { cwd: root, dir, replicaOf: { host: '127.0.0.1', port: 1 } }) };
};

const lines = (file: string) => readFileSync(file, 'latin1').split('\n');

describe('stageConfig', () => {
  const top = [
    'port 6379', // 1
    'dir /var/lib/redis', // 2
    'dir ""', // 3
    'logfile /var/log/redis/redis.log', // 4
    'replicaof 10.0.0.5 6379', // 5
    'slaveof 10.0.0.5 63x9', // 6
    'replicaof no one', // 7
    'replicaof 10.0.0.5', // 8
    'include conf.d/*.conf', // 9
    'include extra.conf', // 10
    'include missing.conf', // 11
    'loadmodule mods/m.so arg1 "two words"', // 12
    'aclfile users.acl', // 13
    'requirepass "s3cret pass"', // 14
    'user bob on >bobs-password #0123abcd ~* +@all typo-pass', // 15
    'maxmemory "unbalanced', // 16
    '  # a comment', // 17
    'hz 10\r', // 18
  ].join('\n');
  const root = tree({
    'top.conf': top,
    'conf.d/b.conf': 'hz 20\n',
    'conf.d/a.conf': 'include extra.conf\n',
    'extra.conf': 'dir /somewhere\n',
  });
  const { dir, staged } = stage(root);
  const copy = lines(staged.file);

  it('keeps every line at its number and leaves lines the server validates as they are', () => {
    expect(copy).toHaveLength(18);
    for (const n of [1, 3, 7, 8, 11, 16, 17, 18]) expect(copy[n - 1]).toBe(top.split('\n')[n - 1]);
  });
  it('points dir, logfile and replicaof at local places, an invalid port kept invalid', () => {
    expect(copy[1]).toBe(`dir ${dir}`);
    expect(copy[3]).toBe('logfile ""');
    expect(copy[4]).toBe('replicaof 127.0.0.1 1');
    expect(copy[5]).toBe('slaveof 127.0.0.1 63x9');
    expect(staged.changes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^dir at .*top\.conf:2 → the temporary directory$/),
      expect.stringMatching(/^logfile at .*top\.conf:4 → standard output$/),
      expect.stringMatching(/^replicaof at .*top\.conf:5 → a local port/),
    ]));
  });
  it('includes copies (a glob as a directory of links in glob order), and leaves a missing include alone', () => {
    const glob = /^include (.*)\/\*$/.exec(copy[8] as string)?.[1] as string;
    expect(readdirSync(glob)).toEqual(['0000-a.conf', '0001-b.conf']);
    expect(lines(readlinkSync(join(glob, '0001-b.conf')))).toEqual(['hz 20', '']);
    const extra = /^include (.*)$/.exec(copy[9] as string)?.[1] as string;
    expect(extra.startsWith(dir)).toBe(true);
    expect(lines(extra)[0]).toBe(`dir ${dir}`);
    // a.conf includes extra.conf too: one copy, the same path
    expect(lines(readlinkSync(join(glob, '0000-a.conf')))[0]).toBe(`include ${extra}`);
    expect(staged.originals).toEqual(expect.arrayContaining([[extra, join(root, 'extra.conf')], [join(glob, '*'), 'conf.d/*.conf']]));
  });
  it('makes relative paths the server reads after dir absolute, against cwd', () => {
    expect(copy[11]).toBe(`loadmodule ${join(root, 'mods/m.so')} arg1 "two words"`);
    expect(copy[12]).toBe(`aclfile ${join(root, 'users.acl')}`);
  });
  it('names the user\'s files and lines, and collects the secrets', () => {
    expect(staged.lines.find((l) => l.line === 5)).toEqual({ file: join(root, 'top.conf'), line: 5, text: 'replicaof 127.0.0.1 1', original: 'replicaof 10.0.0.5 6379' });
    expect(staged.lines.some((l) => l.file === join(root, 'conf.d/b.conf') && l.text === 'hz 20')).toBe(true);
    expect(staged.secrets).toEqual(expect.arrayContaining(['s3cret pass', '>bobs-password', 'bobs-password', '#0123abcd', 'typo-pass']));
    expect(staged.secrets).not.toContain('bob');
  });
  it('follows an include cycle once, keeping the cycle in the copies', () => {
    const r = tree({ 'top.conf': 'include b.conf\n', 'b.conf': 'include top.conf\n' });
    const s = stage(r).staged;
    const b = /^include (.*)$/.exec(lines(s.file)[0] as string)?.[1] as string;
    expect(lines(b)[0]).toBe(`include ${s.file}`);
  });
  it('throws only when the top file cannot be read', () => {
    expect(() => stage(root, 'nope.conf')).toThrow(/ENOENT/);
    expect(existsSync(staged.file)).toBe(true);
  });
});

describe('secrets in what a server prints', () => {
  it('redacts the echoed line, user declaration errors and every known secret value', () => {
    const out = [
      ">>> 'requirepass \"s3cret pass\" extra'",
      ">>> 'user bob on >bobs-password ~* +@all typo'",
      ">>> 'sentinel auth-pass mymaster hunter22'",
      "Error in user declaration '>pw': Syntax error",
      'Module says s3cret pass somewhere',
    ].join('\n');
    const red = redactOutput(out, ['s3cret pass', 'hunter22']);
    expect(red).toBe([
      ">>> 'requirepass <redacted>'",
      ">>> 'user bob on ><redacted> ~* +@all <redacted>'",
      ">>> 'sentinel auth-pass <redacted>'",
      "Error in user declaration '<redacted>': Syntax error",
      'Module says <redacted> somewhere',
    ].join('\n'));
  });
  it('knows which arguments are secret', () => {
    expect(secretsOf(['masterauth', 'pw1'])).toEqual(['pw1']);
    expect(secretsOf(['sentinel', 'auth-pass', 'm', 'pw2'])).toEqual(['pw2']);
    expect(secretsOf(['maxmemory', '1gb'])).toEqual([]);
    expect(secretsOf(['user', 'u', 'on', 'nopass', 'resetkeys', '%R~k*', '&ch', '-@all', '<old'])).toEqual(['<old', 'old']);
  });
});

describe('reading the server\'s output', () => {
  const stderr = '\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 7\n>>> \'hz 1 2\'\nwrong number of arguments\n';
  const stdout = [
    '31043:C 21 Nov 2026 19:43:33.255 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
    '31043:C 21 Nov 2026 19:43:33.256 # Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=31043, just started',
    '31043:M 21 Nov 2026 19:43:33.258 # WARNING Memory overcommit must be enabled!',
    '31043:M 21 Nov 2026 19:43:33.258 * Running mode=standalone, port=1.',
    '31043:M 21 Nov 2026 19:43:34.300 # Module /x.so failed to load: /x.so: cannot open shared object file',
  ].join('\n');
  it('finds the line a refusing server names', () => {
    expect(refusalOf(stderr)).toEqual({ line: 7, text: 'hz 1 2' });
    expect(refusalOf('Fatal error, can\'t open config file')).toBeUndefined();
  });
  it('keeps stderr and the warnings that are not the banner or the machine\'s, without log prefixes', () => {
    expect(errorLinesOf(stdout, stderr)).toEqual([
      '*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***', 'Reading the configuration file, at line 7', ">>> 'hz 1 2'", 'wrong number of arguments',
      'Module /x.so failed to load: /x.so: cannot open shared object file',
    ]);
    expect(errorLinesOf('just text\n', '')).toEqual(['just text']);
  });
});
