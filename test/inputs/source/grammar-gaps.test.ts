import { parse } from '@ast-grep/napi';
import { describe, expect, it } from 'vitest';
import { parseableText } from '../../../src/inputs/source/grammar-gaps.js';
import { astGrepLanguage } from '../../../src/inputs/source/languages.js';

const errors = (text: string) => parse(astGrepLanguage('java'), text).root().findAll({ rule: { kind: 'ERROR' } }).length;

describe('parseableText', () => {
  const java = [
    'class A {',
    '  Long del(byte @NonNull [] @NonNull ... keys) { return jedis.del(keys); }',
    '  void f(String @a.b.Nullable(value = "x")\n      ... names) { jedis.getSet("k", "v"); }',
    '}',
  ].join('\n');

  it('blanks the annotations on a Java varargs ellipsis, keeping every other character where it was', () => {
    const out = parseableText('java', java);
    expect(out).toHaveLength(java.length);
    expect(out.split('\n').map((l) => l.length)).toEqual(java.split('\n').map((l) => l.length));
    expect(out).toContain('byte @NonNull []          ... keys');
    expect(out).not.toContain('@a.b.Nullable');
    expect(errors(java)).toBeGreaterThan(0);
    expect(errors(out)).toBe(0);
  });

  it('leaves other annotations, other languages and files without a gap as they are', () => {
    const plain = 'class A { void f(@NonNull String k, byte @NonNull [] v, String... rest) {} }';
    expect(parseableText('java', plain)).toBe(plain);
    expect(parseableText('typescript', 'f(@x ...args)')).toBe('f(@x ...args)');
  });
});
