import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfigFile, parseConfigText } from '../../../src/inputs/config/document.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rul-doc-'));
  mkdirSync(join(dir, 'conf.d'));
  writeFileSync(join(dir, 'conf.d', 'b.conf'), 'maxmemory 2mb\n');
  writeFileSync(join(dir, 'conf.d', 'a.conf'), 'maxmemory 1mb\n');
  writeFileSync(join(dir, 'main.conf'), '# top\nport 6379\ninclude conf.d/*.conf\ninclude extra.conf\n');
  writeFileSync(join(dir, 'extra.conf'), '\n\nhz 20\n');
  writeFileSync(join(dir, 'loop-a.conf'), 'include loop-b.conf\n');
  writeFileSync(join(dir, 'loop-b.conf'), 'port 1\ninclude loop-a.conf\n');
  // An RDB or an executable has many NUL bytes; a text file may have a stray one (see 'a NUL byte').
  writeFileSync(join(dir, 'bin.conf'), Buffer.from([0x52, 0x45, 0x44, 0x49, 0x53, 0x00, 0x00, 0x01, 0x00, 0xfa, 0x00, 0x00, 0x09]));
  writeFileSync(join(dir, 'nul.conf'), '# a comment\0 with a NUL byte\nmaxmemory-samples 65\nport 6\0junk\n379\nhz 20\n');
});

describe('parseConfigText', () => {
  it('skips comments and blank lines, lowercases names, keeps line numbers', () => {
    const doc = parseConfigText('# c\n\n  MaxMemory 10mb  \r\n\t# indented comment\nSAVE 900 1\n', 'x.conf');
    expect(doc.directives.map((d) => [d.name, d.args, d.line])).toEqual([['maxmemory', ['10mb'], 3], ['save', ['900', '1'], 5]]);
    expect(doc.problems).toEqual([]);
  });
  it('keeps repeated directives in order', () => {
    const doc = parseConfigText('save 900 1\nsave 300 10\nrename-command CONFIG ""\nrename-command DEBUG ""\n', 'x.conf');
    expect(doc.directives.filter((d) => d.name === 'save').map((d) => d.args)).toEqual([['900', '1'], ['300', '10']]);
    expect(doc.directives.filter((d) => d.name === 'rename-command').map((d) => d.args[0])).toEqual(['CONFIG', 'DEBUG']);
  });
  it('reports an unbalanced quote with its line and goes on', () => {
    const doc = parseConfigText('port 1\nrequirepass "x\nhz 10\n', 'x.conf');
    expect(doc.problems).toEqual([expect.objectContaining({ kind: 'unbalanced-quotes', line: 2 })]);
    expect(doc.directives.map((d) => d.name)).toEqual(['port', 'hz']);
  });
  it('recognises sentinel.conf by its sentinel lines', () => {
    expect(parseConfigText('port 26379\nsentinel monitor m 127.0.0.1 6379 2\n', 's.conf').kind).toBe('sentinel');
    expect(parseConfigText('port 6379\n', 'r.conf').kind).toBe('server');
  });
});

describe('parseConfigFile includes', () => {
  it('resolves relative includes against the working directory and expands globs in sorted order', () => {
    const doc = parseConfigFile(join(dir, 'main.conf'), { cwd: dir });
    expect(doc.problems).toEqual([]);
    expect(doc.directives.map((d) => `${d.name} ${d.args.join(' ')}`)).toEqual([
      'port 6379', 'include conf.d/*.conf', 'maxmemory 1mb', 'maxmemory 2mb', 'include extra.conf', 'hz 20']);
    const hz = doc.directives.find((d) => d.name === 'hz');
    expect(hz?.file).toBe(join(dir, 'extra.conf'));
    expect(hz?.line).toBe(3);
    expect(hz?.includedFrom).toEqual({ file: join(dir, 'main.conf'), line: 4 });
  });
  it('reports a missing include at the include line, relative to the working directory', () => {
    const doc = parseConfigFile(join(dir, 'main.conf'), { cwd: tmpdir() });
    expect(doc.problems.filter((p) => p.kind === 'include-missing').map((p) => p.line)).toEqual([4]);
  });
  it('reports an include cycle once and stops', () => {
    const doc = parseConfigFile(join(dir, 'loop-a.conf'), { cwd: dir });
    expect(doc.problems).toEqual([expect.objectContaining({ kind: 'include-cycle', line: 2 })]);
    expect(doc.directives.filter((d) => d.name === 'port')).toHaveLength(1);
  });
  it('reports a binary file and a missing file without throwing', () => {
    expect(parseConfigFile(join(dir, 'bin.conf')).problems[0]?.kind).toBe('binary');
    expect(parseConfigFile(join(dir, 'none.conf')).problems[0]).toEqual(expect.objectContaining({ kind: 'unreadable' }));
  });
  it('reads a stray NUL byte as the server does: the line ends there and the next line continues it', () => {
    const doc = parseConfigFile(join(dir, 'nul.conf'));
    // The comment swallows line 2; lines 3 and 4 make 'port 6379', at line 3.
    expect(doc.directives.map((d) => [d.name, d.args.join(' '), d.line])).toEqual([['port', '6379', 3], ['hz', '20', 5]]);
    expect(doc.problems.map((p) => [p.kind, p.line])).toEqual([['nul-byte', 1], ['nul-byte', 3]]);
  });
  it('reports a path that cannot be read as a file (a directory)', () => {
    expect(parseConfigFile(join(dir, 'conf.d')).problems[0]).toEqual(expect.objectContaining({ kind: 'unreadable', message: expect.stringContaining('is a directory') }));
  });
});
