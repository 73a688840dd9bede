import { isAbsolute } from 'node:path';
import type { DirectiveSpec } from '../../rulepack/types.js';
import { memoryBytes } from '../config/values.js';

/**
 * The letters `A` stands for in notify-keyspace-events ("Alias for g$lshzxetd"; m and n are
 * outside it): Redis keyspace notifications documentation. CONFIG GET prints `A` whenever all of
 * them are set, so `KEA` in a file and `AKE` on the server are the same setting.
 */
const NOTIFY_ALL = 'g$lshzxetd';

function words(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}

/** `save` pairs, order-free: `900 1 300 10` → `300 10,900 1`. */
function savePairs(tokens: string[]): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) pairs.push(`${BigInt(tokens[i] as string)} ${BigInt(tokens[i + 1] as string)}`);
  return pairs.sort().join(',');
}

/** client-output-buffer-limit by class, limits in bytes; CONFIG GET says `slave` for the `replica` class. */
function bufferLimits(tokens: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i + 3 < tokens.length; i += 4) {
    const cls = (tokens[i] as string).toLowerCase();
    const [hard, soft, secs] = tokens.slice(i + 1, i + 4).map((t) => String(memoryBytes(t) ?? t));
    out.set(cls === 'slave' ? 'replica' : cls, `${hard} ${soft} ${secs}`);
  }
  return out;
}

function notifyFlags(value: string): string {
  const letters = new Set([...value].flatMap((c) => (c === 'A' ? [...NOTIFY_ALL] : [c])));
  return [...letters].sort().join('');
}

/** A number as the server would store it: integers exactly, percentages and floats as written in canonical form. */
function numberForm(spec: DirectiveSpec, value: string): string {
  if (spec.percent && /^\d+%$/.test(value)) return value;
  if (spec.unit === 'memory') return String(memoryBytes(value) ?? value.toLowerCase());
  if (spec.unit === 'octal') return /^[0-7]+$/.test(value) ? String(Number.parseInt(value, 8)) : value;
  return /^-?\d+$/.test(value) ? String(BigInt(value)) : value;
}

/**
 * The comparable form of a directive's value: `lines` are the argument lists of its lines in a
 * file, in order, or the single CONFIG GET value split into words. Units and forms the server
 * treats as the same become equal: memory units (bytes), yes/no and enum case, `save` lines
 * (pairs, in any order, `save ""` clearing), client-output-buffer-limit per class (only `classes`
 * when given), notify-keyspace-events flags, `replicaof no one`, octal permissions.
 * @returns undefined when the value cannot be compared without the server's context (a relative `dir`).
 */
export function comparableValue(name: string, spec: DirectiveSpec | undefined, lines: string[][], classes?: string[]): string | undefined {
  const last = lines[lines.length - 1] ?? [];
  const joined = last.join(' ');
  switch (name) {
    case 'save': {
      let tokens: string[] = [];
      // A `save ""` line clears the points set before it (config.c); CONFIG GET prints "" for none.
      for (const args of lines) tokens = args.length === 1 && args[0] === '' ? [] : [...tokens, ...args.flatMap(words)];
      return savePairs(tokens.filter((t) => /^\d+$/.test(t)));
    }
    case 'client-output-buffer-limit': {
      const limits = bufferLimits(lines.flatMap((args) => args.flatMap(words)));
      return [...limits].filter(([cls]) => !classes || classes.includes(cls)).sort().map(([c, v]) => `${c} ${v}`).join(',');
    }
    case 'notify-keyspace-events':
      return notifyFlags(joined);
    case 'replicaof':
    case 'slaveof':
      return /^no\s+one$/i.test(joined.trim()) ? '' : words(joined).join(' ');
    case 'dir':
      if (!isAbsolute(joined)) return undefined;
      return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
    case 'latency-tracking-info-percentiles':
      return words(joined).map((w) => String(Number(w))).join(' ');
    case 'oom-score-adj-values':
      return words(joined).map((w) => (/^-?\d+$/.test(w) ? String(BigInt(w)) : w)).join(' ');
  }
  switch (spec?.type) {
    case 'bool':
      return joined.toLowerCase();
    case 'enum':
      return spec.multi ? words(joined.toLowerCase()).sort().join(' ') : joined.toLowerCase();
    case 'int':
      return numberForm(spec, joined);
    default:
      return joined;
  }
}

/** The client-output-buffer-limit classes a file sets (so the running value is compared on those only). */
export function bufferClasses(lines: string[][]): string[] {
  return [...bufferLimits(lines.flatMap((args) => args.flatMap(words))).keys()];
}
