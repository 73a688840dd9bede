import type { NapiConfig } from '@ast-grep/napi';
import type { SourceMatcher } from '../../rulepack/types.js';

/**
 * Rust's regex crate builds Unicode classes for `\w`, `\d`, `\s` and `\b` unless told otherwise, and
 * ast-grep compiles a rule's regexes on every search: a regex with `\w` cost ~1.9 ms a search
 * against ~20 µs with ASCII classes. Code identifiers of the scanned languages are matched as ASCII.
 */
function ascii(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ascii);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'regex' && typeof v === 'string' ? asciiClasses(v) : ascii(v);
  return out;
}

const CLASSES: Record<string, string> = {
  w: '[0-9A-Za-z_]', W: '[^0-9A-Za-z_]', d: '[0-9]', D: '[^0-9]', s: '[\\t\\n\\x0B\\f\\r ]', S: '[^\\t\\n\\x0B\\f\\r ]', b: '(?-u:\\b)', B: '(?-u:\\B)',
};

/** `\w` → `[0-9A-Za-z_]` and the like (an escaped backslash stays as it is); Rust regex accepts nested classes. */
export function asciiClasses(regex: string): string {
  return regex.replace(/\\\\|\\([wWdDsSbB])/g, (whole, c: string | undefined) => (c ? CLASSES[c] as string : whole));
}

/** A rule object that is only a `kind` and/or a `regex` test: cheap, and it neither binds nor reads metavariables. */
function cheapTest(rule: unknown): boolean {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return false;
  const keys = Object.keys(rule);
  return keys.length > 0 && keys.every((k) => k === 'kind' || k === 'regex');
}

/**
 * ast-grep tries the members of an `all` list in order and stops at the first that fails. A member
 * that only tests `kind` or `regex` binds and reads no metavariable, so its answer does not depend
 * on its place: it is moved to the front, where it rejects most nodes before the relational
 * searches (`inside`, `has` with `stopBy: end`) run. The other members keep their order (a pattern
 * binds what a later member reads). The same nodes match, with the same metavariables.
 */
export function cheapTestsFirst(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cheapTestsFirst);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'all' && Array.isArray(v)) {
      const members = v.map(cheapTestsFirst);
      out[k] = [...members.filter(cheapTest), ...members.filter((m) => !cheapTest(m))];
    } else {
      out[k] = cheapTestsFirst(v);
    }
  }
  return out;
}

/** The ast-grep configuration of a source matcher, regexes in ASCII mode, cheap tests first. */
export function napiConfig(source: Pick<SourceMatcher, 'rule' | 'constraints'>): NapiConfig {
  return { rule: cheapTestsFirst(ascii(source.rule)), ...(source.constraints ? { constraints: cheapTestsFirst(ascii(source.constraints)) } : {}) } as NapiConfig;
}
