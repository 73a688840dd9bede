import semver from 'semver';

/**
 * A version reduced to what node-semver can hold: numeric release parts and prerelease
 * identifiers. Ecosystem parsers build these; `semverText` pads and validates them.
 */
export interface Ver { release: number[]; pre?: string }

export type Op = '<' | '<=' | '>' | '>=' | '=';
export interface Comparator { op: Op; v: string }
/** Alternatives (`||`) of comparator sets (AND); `[[]]` allows everything. */
export type Range = Comparator[][];

export const ANY: Range = [[]];

/**
 * `4.1` → `4.1.0`; trailing zero parts beyond three are dropped (`1.2.3.0`); a fourth non-zero
 * part has no node-semver form, so undefined rather than a version that compares wrongly.
 */
export function semverText(v: Ver): string | undefined {
  const r = [...v.release];
  while (r.length > 3 && r[r.length - 1] === 0) r.pop();
  if (r.length === 0 || r.length > 3 || r.some((n) => !Number.isSafeInteger(n) || n < 0)) return undefined;
  while (r.length < 3) r.push(0);
  const text = `${r.join('.')}${v.pre ? `-${v.pre}` : ''}`;
  return semver.valid(text) === text ? text : undefined;
}

/** The release with parts after `index` dropped and part `index` incremented: bump([3,5,2], 1) = 3.6.0. */
export function bump(release: number[], index: number): Ver {
  const r = release.slice(0, index + 1);
  while (r.length < index + 1) r.push(0);
  r[index] = (r[index] ?? 0) + 1;
  return { release: r };
}

/** One comparator as a range; undefined when the version has no node-semver form. */
export function single(op: Op, v: Ver): Range | undefined {
  const text = semverText(v);
  return text === undefined ? undefined : [[{ op, v: text }]];
}

/** `>=lo <hi`, the shape of wildcards, carets, tildes and `~>`. */
export function between(lo: Ver, hi: Ver): Range | undefined {
  const a = single('>=', lo);
  const b = single('<', hi);
  return a && b ? and(a, b) : undefined;
}

/** `!=v` has no node-semver comparator: `<v || >v`. */
export function notEqual(v: Ver): Range | undefined {
  const a = single('<', v);
  const b = single('>', v);
  return a && b ? [...a, ...b] : undefined;
}

/** Intersection, distributing alternatives: (A || B) and C = (A C) || (B C). */
export function and(a: Range, b: Range): Range {
  const out: Range = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

/** node-semver text: `>=3.0.0 <4.0.0 || 5.0.0`; an exact version without `=`. */
export function formatRange(r: Range): string | undefined {
  if (r.length === 0) return undefined;
  const alts = r.map((set) => (set.length === 0 ? '*' : set.map((c) => (c.op === '=' ? c.v : `${c.op}${c.v}`)).join(' ')));
  if (alts.includes('*')) return '*';
  const text = alts.join(' || ');
  return semver.validRange(text) === null ? undefined : text;
}
