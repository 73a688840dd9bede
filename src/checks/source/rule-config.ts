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

/** The ast-grep configuration of a source matcher, regexes in ASCII mode. */
export function napiConfig(source: Pick<SourceMatcher, 'rule' | 'constraints'>): NapiConfig {
  return { rule: ascii(source.rule), ...(source.constraints ? { constraints: ascii(source.constraints) } : {}) } as NapiConfig;
}
