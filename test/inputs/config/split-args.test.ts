import { describe, expect, it } from 'vitest';
import { quoteArg, splitArgs } from '../../../src/inputs/config/split-args.js';

describe('splitArgs (sdssplitargs)', () => {
  it('splits on blanks and skips leading and trailing ones', () => {
    expect(splitArgs('  save   900\t1  ')).toEqual(['save', '900', '1']);
  });
  it('decodes double-quote escapes \\n \\r \\t \\b \\a \\\\ \\" and \\xHH', () => {
    expect(splitArgs('x "a\\nb\\rc\\td\\be\\af\\\\g\\"h\\x41\\x7a"')).toEqual(['x', 'a\nb\rc\td\be\x07f\\g"hAz']);
  });
  it('keeps an unknown escape as the character itself and an incomplete \\x as text', () => {
    expect(splitArgs('x "\\q\\x4"')).toEqual(['x', 'qx4']);
  });
  it('takes single quotes literally except \\\'', () => {
    expect(splitArgs("x 'a\\nb\\'c'")).toEqual(['x', "a\\nb'c"]);
  });
  it('opens a quote in the middle of an unquoted argument', () => {
    expect(splitArgs('x ab"c d"')).toEqual(['x', 'abc d']);
  });
  it('keeps an empty quoted argument', () => {
    expect(splitArgs('save ""')).toEqual(['save', '']);
  });
  it('refuses unbalanced double and single quotes', () => {
    expect(splitArgs('requirepass "abc')).toBeNull();
    expect(splitArgs("requirepass 'abc")).toBeNull();
    expect(splitArgs('requirepass "abc\\"')).toBeNull();
  });
  it('refuses a closing quote followed by anything but a blank', () => {
    expect(splitArgs('logfile "a"b')).toBeNull();
    expect(splitArgs("logfile 'a'b")).toBeNull();
    expect(splitArgs('logfile "a" b')).toEqual(['logfile', 'a', 'b']);
  });
  it('returns no arguments for a blank line', () => {
    expect(splitArgs('   ')).toEqual([]);
  });
  it('quoteArg round-trips through splitArgs', () => {
    for (const s of ['plain', '', 'with space', 'quo"te', 'back\\slash', 'tab\there', "it's"]) {
      expect(splitArgs(`x ${quoteArg(s)}`)).toEqual(['x', s]);
    }
  });
});
