import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { aclFilesOf, parseAclFile } from '../../../src/inputs/config/acl-file.js';
import { parseConfigFile } from '../../../src/inputs/config/document.js';
import { runCheck } from '../../../src/checks/run.js';

let dir: string;
const write = (name: string, text: string | Buffer) => { writeFileSync(join(dir, name), text); return join(dir, name); };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rul-acl-'));
  mkdirSync(join(dir, 'etc'));
});

describe('parseAclFile (ACLLoadFromFile)', () => {
  it('reads user lines split on single spaces: no quotes, empty rules dropped, rules trimmed of tabs', () => {
    const doc = parseAclFile(write('a.acl', '\n  user alice  on >pw ~*\t +@all\r\nuser "bob" on nopass\n'));
    expect(doc.kind).toBe('acl');
    expect(doc.directives.map((d) => [d.name, d.args, d.line])).toEqual([
      ['user', ['alice', 'on', '>pw', '~*', '+@all'], 2],
      ['user', ['"bob"', 'on', 'nopass'], 3],
    ]);
    expect(doc.problems).toEqual([]);
  });
  it('refuses comments, an uppercase USER, a tab after user and a user without a name, naming the line', () => {
    const doc = parseAclFile(write('b.acl', '# users\nUSER a on\nuser\tb on\nuser\nuser c on\n'));
    expect(doc.problems.map((p) => [p.kind, p.line, p.text])).toEqual([
      ['acl-line', 1, '# users'], ['acl-line', 2, 'USER a on'], ['acl-line', 3, 'user\tb on'], ['acl-line', 4, 'user'],
    ]);
    expect(doc.problems[0]?.message).toBe(`${join(dir, 'b.acl')}:1 should start with user keyword followed by the username`);
    expect(doc.directives.map((d) => d.args[0])).toEqual(['c']);
  });
  it('reports an unreadable, a directory and a binary file without throwing', () => {
    expect(parseAclFile(join(dir, 'none.acl')).problems.map((p) => p.kind)).toEqual(['unreadable']);
    expect(parseAclFile(join(dir, 'etc')).problems[0]?.message).toMatch(/is a directory/);
    const bin = parseAclFile(write('bin.acl', Buffer.from([0x52, 0x45, 0x44, 0x49, 0x53, 0x00, 0x00, 0x01, 0x00, 0xfa, 0x00])));
    expect(bin.problems.map((p) => p.kind)).toEqual(['binary']);
  });
  it('keeps the configuration lines the ACL checks read (loadmodule, acl-pubsub-default), and only those', () => {
    const conf = parseConfigFile(write('ctx.conf', 'port 1\nacl-pubsub-default allchannels\nloadmodule /x.so\n'));
    const doc = parseAclFile(write('c.acl', 'user a on\n'), conf.directives);
    expect(doc.directives.map((d) => d.name)).toEqual(['acl-pubsub-default', 'loadmodule', 'user']);
  });
});

describe('aclFilesOf', () => {
  it('follows the last aclfile line against the working directory, once, with its settings; a missing one is a gap', () => {
    write('etc/users.acl', 'user a on nopass ~* +@all\n');
    symlinkSync(join(dir, 'etc', 'users.acl'), join(dir, 'link.acl'));
    const a = parseConfigFile(write('etc/a.conf', 'aclfile nowhere.acl\naclfile etc/users.acl\nacl-pubsub-default allchannels\n'));
    const b = parseConfigFile(write('etc/b.conf', `aclfile ${join(dir, 'etc', 'users.acl')}\n`));
    const c = parseConfigFile(write('etc/c.conf', 'aclfile /nowhere/users.acl\n'));
    const { docs, gaps } = aclFilesOf([a, b, c], [join(dir, 'link.acl'), join(dir, 'b.acl')], dir);
    expect(docs.map((d) => d.file)).toEqual([join(dir, 'etc', 'users.acl'), join(dir, 'b.acl')]);
    expect(docs[0]?.directives.map((d) => d.name)).toEqual(['acl-pubsub-default', 'user']);
    expect(gaps).toEqual([{ input: `${join(dir, 'etc', 'c.conf')}:1 aclfile /nowhere/users.acl`, reason: expect.stringMatching(/^no such file here: its users were not checked/) }]);
  });
});

describe('ACL files in a check', () => {
  it('checks users of a followed ACL file with the conf\'s acl-pubsub-default', () => {
    write('etc/app.acl', 'user app on nopass ~* +@all\n');
    const kept = write('etc/kept.conf', 'aclfile etc/app.acl\nacl-pubsub-default allchannels\n');
    const reset = write('etc/reset.conf', 'aclfile etc/app.acl\n');
    const ids = (conf: string) => runCheck({ paths: [conf], target: 'redis@7.0', from: 'redis@6.2', cwd: dir }).report.findings
      .filter((f) => 'file' in f.location && f.location.file.endsWith('app.acl')).map((f) => f.ruleId);
    expect(ids(kept)).toEqual([]);
    expect(ids(reset)).toEqual(['acl.pubsub-default-resetchannels']);
  });
  it('lists an ACL file as an acl-file input counting its user lines, and does not infer --from from it', () => {
    const { report } = runCheck({ paths: [write('d.acl', 'user a on nopass ~* &* (~k +get) +@all\nuser b on\n')], target: 'redis@7.4' });
    expect(report.inputs).toEqual([{ path: join(dir, 'd.acl'), kind: 'acl-file', files: [join(dir, 'd.acl')], directives: 2 }]);
    expect(report.from.reason).toMatch(/no known directive|no input/);
  });
  it('never shows a password: in a selector, after tabs, in a name with a tab', () => {
    const file = write('leak.acl', 'user carol on (>S3cretSel) ~* +@all\nuser\talice\ton\t>S3cretTab ~* +@all\nuser bob\t>S3cretName on\n');
    for (const target of ['redis@6.0', 'redis@7.4']) {
      const { report } = runCheck({ paths: [file], target });
      expect(report.findings.length).toBeGreaterThanOrEqual(3);
      expect(JSON.stringify(report)).not.toMatch(/S3cret/);
    }
  });
});
