import type { DirectiveSpec, LegacyParser, LegacyRead } from '../../rulepack/types.js';
import { LONG_MAX, LONG_MIN, strtol, toInt32 } from './c-numbers.js';
import { checkEnumCombination, checkSpecialValue } from './special-values.js';

/**
 * Would the server accept these arguments for a directive of this spec?
 * Returns null when accepted, or the server's own error text (as printed after the `>>>` line of
 * "FATAL CONFIG FILE ERROR"). Follows redis/redis src/config.c (7.x) for standard configs:
 * boolSetValue/yesnotoi, enumSetValue, numericParseString (string2ll, memtoull, N%) and the
 * bounds check, with a release's own wording where the table gives it (`error`); an entry with a
 * `parser` (the hand-written loadServerConfigFromString branches before 7.0) is checked the way
 * that branch reads it (checkParsed); other `special` and `legacy` directives are checked for their
 * token count, and those with their own parser in the server by checkSpecialValue
 * (special-values.ts) from the table's facts.
 */
export function checkValue(name: string, spec: DirectiveSpec, args: string[]): string | null {
  const argc = args.length + 1;
  // A hand-written branch tests the token count in the same `if` as the name, so a wrong count
  // falls through to the chain's last else.
  const arity = spec.parser || spec.type === 'legacy' ? 'Bad directive or wrong number of arguments' : 'wrong number of arguments';
  if (spec.argc !== undefined && argc !== spec.argc) return arity;
  if (spec.argcMin !== undefined && argc < spec.argcMin) return arity;
  if (spec.argcMax !== undefined && argc > spec.argcMax) return arity;
  if (spec.parser) return checkParsed(spec, spec.parser, args);
  if (spec.argsMultipleOf && !(args.length === 1 && args[0] === '') && args.length % spec.argsMultipleOf !== 0) {
    return name === 'save' ? 'Invalid save parameters' : 'Wrong number of arguments in buffer limit configuration.';
  }
  const type = spec.type;
  if (!type || type === 'special' || type === 'legacy') return checkSpecialValue(name, spec, args) ?? null;
  if (spec.argc === undefined && spec.argcMin === undefined) {
    if (spec.multi ? args.length < 1 : args.length !== 1) return 'wrong number of arguments';
  }
  const value = args.join(' ');
  switch (type) {
    case 'bool':
      return /^(yes|no)$/i.test(value) ? null : spec.error ?? "argument must be 'yes' or 'no'";
    case 'enum': {
      const values = (spec.values ?? []).map((v) => v.toLowerCase());
      const given = spec.multi ? value.split(/\s+/).filter(Boolean) : [value];
      const ok = given.length > 0 && given.every((g) => values.includes(g.toLowerCase()));
      return ok ? checkEnumCombination(name, given) : spec.error ?? `argument(s) must be one of the following: ${(spec.values ?? []).join(', ')}`;
    }
    case 'int':
      return checkNumber(name, spec, value);
    case 'string':
      return null;
  }
  return null;
}

/**
 * A line as a hand-written branch of loadServerConfigFromString reads it: null when every read
 * value passes its bounds, else the branch's `error`. Lines of another token count than the
 * branch reads, and the argument lists it takes first (`replicaof no one`), are accepted.
 */
function checkParsed(spec: DirectiveSpec, parser: LegacyParser, args: string[]): string | null {
  if (spec.error === undefined) return null;
  if (parser.argc !== undefined && args.length + 1 !== parser.argc) return null;
  const taken = (words: string) => {
    const w = words.split(' ');
    return w.length === args.length && w.every((x, i) => x.toLowerCase() === args[i]?.toLowerCase());
  };
  if (parser.except?.some(taken)) return null;
  for (const read of parser.reads) {
    const arg = args[read.arg - 1];
    if (arg !== undefined && !readAccepted(read, arg, spec.values ?? [])) return spec.error;
  }
  return null;
}

function readAccepted(read: LegacyRead, arg: string, values: string[]): boolean {
  switch (read.fn) {
    case 'yesnotoi':
      return /^(yes|no)$/i.test(arg);
    case 'enum':
      return values.some((v) => v.toLowerCase() === arg.toLowerCase());
  }
  const n = legacyNumber(read, arg);
  if (n === undefined) return false;
  const stored = read.store ? STORE[read.store](n) : n;
  if (read.min !== undefined && stored < BigInt(read.min)) return false;
  if (read.max !== undefined && stored > BigInt(read.max)) return false;
  return true;
}

const STORE: Record<NonNullable<LegacyRead['store']>, (n: bigint) => bigint> = {
  int32: (n) => BigInt.asIntN(32, n),
  uint32: (n) => BigInt.asUintN(32, n),
  int64: (n) => BigInt.asIntN(64, n),
  uint64: (n) => BigInt.asUintN(64, n),
};

/** The number a read yields before it is stored, or undefined when its `whole`/`range` check refuses it. */
export function legacyNumber(read: LegacyRead, arg: string): bigint | undefined {
  if (read.fn === 'memtoll' || read.fn === 'memtoll-prefix') return memtoll(arg, read.fn === 'memtoll-prefix');
  const r = strtol(arg, read.base ?? 10);
  if (read.whole && r.end !== arg.length) return undefined;
  if (read.range && r.overflow) return undefined;
  return read.fn === 'atoi' ? BigInt.asIntN(32, r.value) : r.value;
}

const LEGACY_UNIT: Record<string, bigint> = {
  '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n * 1000n, mb: 1024n * 1024n, g: 1000n ** 3n, gb: 1024n ** 3n,
};

/**
 * src/util.c memtoll called without an error pointer, as the branches before 7.0 call it: an
 * optional '-', digits, then a unit (or none). From 3.0 an unknown unit, or 128 characters before
 * it, read as 0; in 2.8 (`prefix`) the unit is ignored and the digits before it read, and 128
 * characters read as LLONG_MAX. The product wraps as the 64-bit multiplication does.
 */
export function memtoll(s: string, prefix: boolean): bigint {
  const m = /^(-?\d*)(.*)$/s.exec(s) as RegExpExecArray;
  const number = m[1] as string;
  let mul = LEGACY_UNIT[(m[2] as string).toLowerCase()];
  if (mul === undefined) {
    if (!prefix) return 0n;
    mul = 1n;
  }
  if (number.length >= 128) return prefix ? LONG_MAX : 0n;
  const digits = number.replace(/^-/, '');
  if (digits === '') return 0n;
  const v = BigInt(number);
  return BigInt.asIntN(64, (v > LONG_MAX ? LONG_MAX : v < LONG_MIN ? LONG_MIN : v) * mul);
}

// Digits may be absent ("" and "kb" read as 0: memtoll 6.0, memtoull 7.0+, seen on 6.0.20, 7.2.6, valkey 8.0.1).
const MEMORY = /^(\d*)(b|k|kb|m|mb|g|gb)?$/i;
const U64_MAX = 18446744073709551615n;
const UNIT: Record<string, bigint> = {
  '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n * 1000n, mb: 1024n * 1024n, g: 1000n ** 3n, gb: 1024n ** 3n,
};

/**
 * A memory value in bytes as the server reads it (memtoull: `100mb` → 104857600; k/m/g are powers
 * of 1000, kb/mb/gb of 1024, case-insensitive; no digits read as 0), or undefined when it is not
 * one (128 digits or more are refused too).
 */
export function memoryBytes(value: string): bigint | undefined {
  const m = MEMORY.exec(value);
  if (!m || (m[1] as string).length >= 128) return undefined;
  // memtoull: strtoull saturates at 2^64-1 and the unit multiplication wraps modulo 2^64.
  const base = BigInt(m[1] as string);
  return ((base > U64_MAX ? U64_MAX : base) * (UNIT[(m[2] ?? '').toLowerCase()] as bigint)) % (U64_MAX + 1n);
}

function checkNumber(name: string, spec: DirectiveSpec, value: string): string | null {
  let n: bigint;
  if (spec.percent && /^\d+%$/.test(value)) {
    // The server stores N% as -N and checks it against the negated bounds.
    n = -BigInt(value.slice(0, -1));
    const floor = spec.min === undefined ? undefined : BigInt(spec.min);
    return floor !== undefined && floor < 0n && n < floor ? `percentage argument must be less or equal to ${-floor}` : null;
  }
  if (spec.unit === 'memory') {
    const bytes = memoryBytes(value);
    if (bytes === undefined) return spec.percent ? 'argument must be a memory or percent value' : 'argument must be a memory value';
    n = bytes;
  } else if (spec.unit === 'octal') {
    if (!/^[0-7]+$/.test(value)) return "argument couldn't be parsed as an octal number";
    n = BigInt(`0o${value}`);
  } else {
    if (!/^-?(0|[1-9]\d*)$/.test(value)) return "argument couldn't be parsed into an integer";
    n = BigInt(value);
    if (n > 9223372036854775807n || n < -9223372036854775808n) return "argument couldn't be parsed into an integer";
  }
  const min = spec.min === undefined ? undefined : BigInt(spec.min);
  const max = spec.max === undefined ? undefined : BigInt(spec.max);
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    return `argument must be between ${spec.min ?? '-inf'} and ${spec.max ?? 'inf'} inclusive`;
  }
  void name;
  return null;
}
