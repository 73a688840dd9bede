import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleIndex } from '../../src/rulepack/load.js';

function packDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rul-pack-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const rule = (extra: string) => `kind: rules
name: mine
description: test
checked: 2026-11-21
rules:
  - id: my.rule
    severity: error
    inputs: [config]
    match: { directive: maxmemory }
    message: m
    fix: f
    references: [{ title: t, url: u }]
${extra}`;

describe('loadRuleIndex', () => {
  it('loads the built-in packs without errors, with a table for every release line of the issue', () => {
    const index = loadRuleIndex();
    expect(index.errors).toEqual([]);
    const lines = index.tables.map((t) => `${t.flavor}@${t.line}`).sort();
    for (const l of ['redis@2.8', 'redis@3.2', 'redis@5.0', 'redis@7.4', 'redis@8.0', 'redis@8.2', 'valkey@7.2', 'valkey@8.0', 'valkey@8.1', 'valkey@9.0']) {
      expect(lines).toContain(l);
    }
    for (const r of index.rules) expect(r.references.length).toBeGreaterThan(0);
  });
  it('refuses an invalid pack naming the file and the JSON path, and still loads the others', () => {
    const dir = packDir({
      'bad.yaml': rule('').replace('severity: error', 'severity: fatal'),
      'good.yaml': rule('').replace('my.rule', 'my.other').replace('name: mine', 'name: other'),
    });
    const index = loadRuleIndex([dir], { builtin: false });
    expect(index.errors).toEqual([expect.stringMatching(/bad\.yaml: \/rules\/0\/severity must be equal to one of the allowed values \(error, warning, info\)/)]);
    expect(index.rules.map((r) => r.id)).toEqual(['my.other']);
  });
  it('refuses unknown keys, duplicate ids, bad regexes and broken YAML', () => {
    const dir = packDir({
      'a.yaml': rule('    colour: red\n'),
      'b.yaml': `${rule('')}  - id: my.rule\n    severity: info\n    inputs: [config]\n    match: { directive: hz, arg: { matches: '(' } }\n    message: m\n    fix: f\n    references: [{ title: t, url: u }]\n`.replace('name: mine', 'name: b'),
      'c.yaml': 'kind: rules\n  : broken: [',
    });
    const errors = loadRuleIndex([dir], { builtin: false }).errors.join('\n');
    expect(errors).toMatch(/a\.yaml: \/rules\/0 must NOT have additional properties 'colour'/);
    expect(errors).toMatch(/b\.yaml: \/rules\/1\/id 'my.rule' is defined twice/);
    expect(errors).toMatch(/b\.yaml: \/rules\/1\/match\/arg\/matches invalid regular expression/);
    expect(errors).toMatch(/c\.yaml: not valid YAML/);
  });
});

describe('loadRules', () => {
  it('refuses a source rule that ast-grep cannot compile, naming the pack, the rule and the reason', async () => {
    const { loadRules } = await import('../../src/checks/rules.js');
    const dir = packDir({
      'src.yaml': `kind: rules
name: srcpack
description: test
checked: 2026-11-21
rules:
  - id: py.mine.bad
    severity: error
    inputs: [source]
    source: { language: python, rule: { not: { has: { field: block } } } }
    message: m
    fix: f
    references: [{ title: t, url: u }]
`,
    });
    expect(() => loadRules([dir])).toThrow(/src\.yaml: rule py\.mine\.bad \/source\/rule \(python\): .*positive/i);
  });
});
