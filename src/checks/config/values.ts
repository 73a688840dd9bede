import type { DirectiveSpec } from '../../rulepack/types.js';
import { checkSpecialValue } from './special-values.js';

/**
 * Would the server accept these arguments for a directive of this spec?
 * Returns null when accepted, or the server's own error text (as printed after the `>>>` line of
 * "FATAL CONFIG FILE ERROR"). Follows redis/redis src/config.c (7.x) for standard configs:
 * boolSetValue/yesnotoi, enumSetValue, numericParseString (string2ll, memtoull, N%) and the
 * bounds check; `special` and `legacy` directives are checked for their token count, and those with
 * their own parser in the server by checkSpecialValue (special-values.ts) from the table's facts.
 */
export function checkValue(name: string, spec: DirectiveSpec, args: string[]): string | null {
  const argc = args.length + 1;
  if (spec.argc !== undefined && argc !== spec.argc) return 'wrong number of arguments';
  if (spec.argcMin !== undefined && argc < spec.argcMin) return 'wrong number of arguments';
  if (spec.argcMax !== undefined && argc > spec.argcMax) return 'wrong number of arguments';
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
      return /^(yes|no)$/i.test(value) ? null : "argument must be 'yes' or 'no'";
    case 'enum': {
      const values = (spec.values ?? []).map((v) => v.toLowerCase());
      const given = spec.multi ? value.split(/\s+/).filter(Boolean) : [value];
      const ok = given.length > 0 && given.every((g) => values.includes(g.toLowerCase()));
      return ok ? null : `argument(s) must be one of the following: ${(spec.values ?? []).join(', ')}`;
    }
    case 'int':
      return checkNumber(name, spec, value);
    case 'string':
      return null;
  }
  return null;
}

const MEMORY = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i;
const U64_MAX = 18446744073709551615n;
const UNIT: Record<string, bigint> = {
  '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n * 1000n, mb: 1024n * 1024n, g: 1000n ** 3n, gb: 1024n ** 3n,
};

/**
 * A memory value in bytes as the server reads it (memtoull: `100mb` → 104857600; k/m/g are powers
 * of 1000, kb/mb/gb of 1024, case-insensitive), or undefined when it is not one.
 */
export function memoryBytes(value: string): bigint | undefined {
  const m = MEMORY.exec(value);
  if (!m) return undefined;
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
