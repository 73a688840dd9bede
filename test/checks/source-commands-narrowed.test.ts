import { parse } from '@ast-grep/napi';
import { describe, expect, it } from 'vitest';
import { narrowedMethodQuery } from '../../src/checks/source/commands-in-code.js';
import { astGrepLanguage } from '../../src/inputs/source/languages.js';

describe('narrowedMethodQuery', () => {
  it('keeps the method calls that name a command the way commandsInCode normalises names, and leaves the others', () => {
    const code = 'r.rpoplpush("a", "b")\nr.r_pop_l_push("a", "b")\nclient.rPopLPush(a, b)\npath.join(a, b)\nr.get("k")\nr.cluster_slots()\n';
    const [asked, narrowed] = narrowedMethodQuery('python', ['rpoplpush', 'cluster slots', 'bf.add']) ?? [];
    const root = parse(astGrepLanguage('python'), code).root();
    const texts = (q: NonNullable<typeof asked>) => root.findAll(q).map((n) => n.text());
    expect(texts(asked as NonNullable<typeof asked>)).toHaveLength(6);
    expect(texts(narrowed as NonNullable<typeof asked>)).toEqual(['r.rpoplpush("a", "b")', 'r.r_pop_l_push("a", "b")', 'client.rPopLPush(a, b)', 'r.cluster_slots()']);
  });

  it('keeps no call without names, and has nothing to narrow in Lua', () => {
    const [, narrowed] = narrowedMethodQuery('javascript', []) ?? [];
    expect(parse(astGrepLanguage('javascript'), 'r.get("k")').root().findAll(narrowed as NonNullable<typeof narrowed>)).toEqual([]);
    expect(narrowedMethodQuery('lua', ['getset'])).toBeUndefined();
  });
});
