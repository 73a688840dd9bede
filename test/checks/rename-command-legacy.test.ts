import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renameCommand } from '../../src/checks/config/rename-command.js';
import type { CheckContext } from '../../src/checks/context.js';
import { parseConfigText } from '../../src/inputs/config/document.js';
import { loadRuleIndex } from '../../src/rulepack/load.js';
import type { LineCommandTable } from '../../src/rulepack/types.js';
import { compareSameFlavor, parseVersion } from '../../src/versions/version.js';

const index = loadRuleIndex();
const LINES = ['2.8', '3.0', '3.2', '4.0', '5.0', '6.0', '6.2'];

function lint(conf: string, target: string, commandLines: LineCommandTable[] = index.commandLines): string[] {
  const ctx = { path: { target: parseVersion(target) }, commands: index.commands, commandLines } as unknown as CheckContext;
  return renameCommand(parseConfigText(conf, 'redis.conf'), ctx).map((h) => `${h.location && 'line' in h.location ? h.location.line : '?'} ${h.vars.problem?.split(':')[0]}`);
}

describe('command tables of Redis lines before 7.0', () => {
  it('has every line at the release of its directive table, read from redisCommandTable at that tag', () => {
    expect(index.errors).toEqual([]);
    expect(index.commandLines.map((l) => l.line)).toEqual(LINES);
    for (const l of index.commandLines) {
      const directives = JSON.parse(readFileSync(join('rules/tables/directives', `redis-${l.line}.json`), 'utf8')) as { version: string };
      expect(l.version, l.line).toBe(directives.version);
      expect(l.source).toBe(`redis/redis@${l.version}:src/${l.line === '2.8' || l.line === '3.0' ? 'redis' : 'server'}.c redisCommandTable`);
      for (const a of Object.values(l.addedIn ?? {})) expect(a.source).toBe(`redis/redis@${a.version}:${l.source.split(':')[1]?.split(' ')[0]}`);
      expect(Object.keys(l.renameCommand).sort()).toEqual(['exists', 'missing']);
    }
    // COMMAND COUNT of redis-server 3.2.13, 5.0.14, 6.0.20, 6.2.16 gave the same counts (and names).
    expect(index.commandLines.map((l) => l.commands.length)).toEqual([157, 163, 176, 180, 200, 205, 224]);
  });

  it('agrees with since of the command JSON except where the pre-7.0 server differs', () => {
    const top = Object.entries(index.commands).filter(([n, s]) => !n.includes(' ') && !s.module && s.since);
    for (const l of index.commandLines) {
      const v = parseVersion(l.version);
      const bySince = top.filter(([, s]) => compareSameFlavor(parseVersion(s.since as string), v) <= 0).map(([n]) => n);
      // QUIT was answered before the table lookup until 7.0; SENTINEL is only in a Sentinel's table.
      expect(bySince.filter((n) => !l.commands.includes(n)).sort(), l.line).toEqual(['quit', 'sentinel']);
      // HOST: and POST (3.2.7 to 6.2) and STRALGO (6.0, 6.2) left the table in 7.0, so no JSON has them;
      // REPLCONF's JSON says since 3.0.0, but 2.8 (and 2.6) have it.
      const extra = l.commands.filter((n) => !bySince.includes(n)).sort();
      const expected = [...(l.line === '2.8' ? ['replconf'] : []), ...(['2.8', '3.0'].includes(l.line) ? [] : ['host:', 'post']), ...(['6.0', '6.2'].includes(l.line) ? ['stralgo'] : [])].sort();
      expect(extra, l.line).toEqual(expected);
      for (const [name, a] of Object.entries(l.addedIn ?? {})) expect(index.commands[name]?.since ?? a.version, name).toBe(a.version);
    }
  });
});

describe('rename-command for targets before 7.0', () => {
  it('judges a patch release by what it had: commands added within the line come at their patch', () => {
    expect(lint('rename-command TOUCH t\n', 'redis@3.2.0')).toEqual(['1 No such command in rename-command']);
    expect(lint('rename-command TOUCH t\n', 'redis@3.2.1')).toEqual([]);
    expect(lint('rename-command GEORADIUS_RO g\n', 'redis@3.2.9')).toEqual(['1 No such command in rename-command']);
    expect(lint('rename-command LPOS l\n', 'redis@6.0.5')).toEqual(['1 No such command in rename-command']);
    expect(lint('rename-command LPOS l\n', 'redis@6.0.6')).toEqual([]);
    // A target named by its line is the line's release (6.0.20).
    expect(lint('rename-command LPOS l\n', 'redis@6.0')).toEqual([]);
    expect(lint('rename-command COMMAND c\n', 'redis@2.8.12')).toEqual(['1 No such command in rename-command']);
  });

  it('replays renames in order: deleted before added, so a command renamed onto itself stays', () => {
    const conf = 'rename-command GET GET\nrename-command CONFIG c1\nrename-command DEBUG c1\nrename-command CONFIG ""\n';
    expect(lint(conf, 'redis@5.0')).toEqual(['3 Target command name already exists', '4 No such command in rename-command']);
    expect(lint(conf, 'redis@7.4')).toEqual(['3 Target command name already exists', '4 No such command in rename-command']);
  });

  it('reports only the refusals the line\'s config.c makes, and nothing for lines without a table', () => {
    const withoutExists = index.commandLines.map((l) => (l.line === '5.0' ? { ...l, renameCommand: { missing: l.renameCommand.missing } } : l));
    expect(lint('rename-command DEBUG GET\nrename-command XADDD x\n', 'redis@5.0', withoutExists)).toEqual(['2 No such command in rename-command']);
    expect(lint('rename-command XADD x\n', 'redis@2.6')).toEqual([]);
  });

  it('SENTINEL and QUIT: refused before 7.0; from 7.0 QUIT is a command and SENTINEL still only a Sentinel\'s', () => {
    expect(lint('rename-command QUIT q\nrename-command SENTINEL s\n', 'redis@6.2')).toHaveLength(2);
    expect(lint('rename-command QUIT q\nrename-command SENTINEL s\n', 'redis@7.0')).toEqual(['2 No such command in rename-command']);
    expect(lint('rename-command SENTINEL s\n', 'valkey@8.0')).toEqual(['1 No such command in rename-command']);
  });
});
