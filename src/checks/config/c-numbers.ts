/**
 * Numbers as the server's C library reads them (glibc), for the value checks of configuration lines:
 * what a hand-written config.c branch or a Sentinel option accepts depends on these exact rules.
 */

/** The range of a C long (64-bit Linux). */
export const LONG_MAX = 9223372036854775807n;
export const LONG_MIN = -9223372036854775808n;

/**
 * glibc strtol/strtoll: leading white space, a sign, digits of the base; saturates at the long
 * range (`overflow`: errno ERANGE). `end` is where the end pointer stops: 0 when there are no digits.
 */
export function strtol(s: string, base: number): { value: bigint; end: number; overflow: boolean } {
  const digits = base === 8 ? '[0-7]' : '[0-9]';
  const m = new RegExp(`^[ \\t\\n\\v\\f\\r]*([+-]?)(${digits}+)`).exec(s);
  if (!m) return { value: 0n, end: 0, overflow: false };
  const magnitude = BigInt(`${base === 8 ? '0o' : ''}${m[2] as string}`);
  const value = m[1] === '-' ? -magnitude : magnitude;
  const overflow = value > LONG_MAX || value < LONG_MIN;
  return { value: value > LONG_MAX ? LONG_MAX : value < LONG_MIN ? LONG_MIN : value, end: m[0].length, overflow };
}

/** The value stored in a C int (the low 32 bits, two's complement, as GCC converts). */
export function toInt32(n: bigint): bigint {
  return BigInt.asIntN(32, n);
}

/** glibc atoi: strtol's value (0 without digits) stored in an int. */
export function atoi(s: string): bigint {
  return toInt32(strtol(s, 10).value);
}

/**
 * strtol/strtoll in base 10 over a whole token (an empty token reads as 0, its end pointer at its
 * end), or undefined when digits do not reach the end.
 */
export function wholeLong(s: string): bigint | undefined {
  const r = strtol(s, 10);
  return r.end === s.length ? r.value : undefined;
}
