import type { DirectiveSpec } from '../../rulepack/types.js';
import { atoi, toInt32, wholeLong } from './c-numbers.js';

/**
 * Values of `special` and `legacy` directives that have their own parser in the server, checked
 * from what the release's table lists (`values`, `min`, `max`); a table without them leaves the
 * directive unchecked. Returns undefined when there is no check for this directive (or the table
 * does not give the facts), null when the server accepts the arguments, else the server's error.
 *
 * - notify-keyspace-events: src/notify.c keyspaceEventsStringToFlags, case-sensitive characters.
 * - client-output-buffer-limit: src/networking.c getClientTypeByName (case-insensitive class);
 *   before 7.0 src/config.c loadServerConfigFromString (memtoll hard/soft, atoi seconds >= 0),
 *   from 7.0 updateClientOutputBufferLimit (memtoull hard/soft, strtoll seconds as int >= 0).
 * - oom-score-adj-values: strtoll of each whole token within min..max (updateOOMScoreAdjValues,
 *   7.0+ setConfigOOMScoreAdjValuesOption).
 * - latency-tracking-info-percentiles: string2d of each token within min..max, or one "" (7.0+
 *   setConfigLatencyTrackingInfoPercentilesOutputOption).
 * - save (7.0+, `special`): setConfigSaveOption, the same from redis 7.0.15 to 8.0-m01 and valkey
 *   7.2.7 to 9.0.0: one "" or pairs, each a whole strtoll number, seconds >= 1 and changes >= 0.
 *   `save 900 1 # every 15 minutes` is refused (a comment is not one after arguments).
 * - replicaof (7.0+, `special`): setConfigReplicaOfOption: `no one`, or a port that strtol reads
 *   whole within 0..65535 ("Invalid master port"; "Invalid primary port" from valkey 8.0.1).
 */
export function checkSpecialValue(name: string, spec: DirectiveSpec, args: string[]): string | null | undefined {
  switch (name) {
    case 'notify-keyspace-events':
      return notifyKeyspaceEvents(spec, args);
    case 'client-output-buffer-limit':
      return clientOutputBufferLimit(spec, args);
    case 'oom-score-adj-values':
      return oomScoreAdjValues(spec, args);
    case 'latency-tracking-info-percentiles':
      return latencyPercentiles(spec, args);
    case 'save':
      return spec.type === 'special' ? saveParams(args) : undefined;
    case 'replicaof':
      return spec.type === 'special' ? replicaOf(spec, args) : undefined;
  }
  return undefined;
}

function saveParams(args: string[]): string | null {
  if (args.length === 1 && args[0] === '') return null;
  if (args.length % 2 !== 0) return 'Invalid save parameters';
  for (const [j, a] of args.entries()) {
    const n = wholeLong(a);
    if (n === undefined || n < (j % 2 === 0 ? 1n : 0n)) return 'Invalid save parameters';
  }
  return null;
}

function replicaOf(spec: DirectiveSpec, args: string[]): string | null {
  if (args.length !== 2) return 'wrong number of arguments';
  if (args[0]?.toLowerCase() === 'no' && args[1]?.toLowerCase() === 'one') return null;
  // strtol's long is stored in an int: truncated to 32 bits, it must be 0..65535.
  const port = wholeLong(args[1] as string);
  const ok = port !== undefined && toInt32(port) >= 0n && toInt32(port) <= 65535n;
  return ok ? null : spec.error ?? 'Invalid master port';
}

/**
 * Values of a multi-value enum that the server refuses together: shutdown-on-sigint and
 * shutdown-on-sigterm (7.0+ isValidShutdownOnSigFlags, redis 7.0.15 to 8.0-m01 and valkey 9.0.0).
 * Returns the server's error, or null.
 */
export function checkEnumCombination(name: string, given: string[]): string | null {
  if (name !== 'shutdown-on-sigint' && name !== 'shutdown-on-sigterm') return null;
  const lower = given.map((g) => g.toLowerCase());
  return lower.includes('save') && lower.includes('nosave') ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null;
}

function notifyKeyspaceEvents(spec: DirectiveSpec, args: string[]): string | null | undefined {
  const accepted = spec.values;
  if (!accepted) return undefined;
  if (args.length !== 1) return 'wrong number of arguments';
  if ([...(args[0] as string)].every((c) => accepted.includes(c))) return null;
  // Before 7.0 the message names the 2.8 set whatever the release accepts.
  return `Invalid event class character. Use '${spec.type === 'legacy' ? 'g$lshzxeA' : accepted.join('')}'.`;
}

function clientOutputBufferLimit(spec: DirectiveSpec, args: string[]): string | null | undefined {
  const classes = spec.values?.map((v) => v.toLowerCase());
  if (!classes) return undefined;
  if (args.length === 1 && args[0] === '') return null;
  if (args.length % 4 !== 0) return undefined; // the arity checks report it
  const legacy = spec.type === 'legacy';
  for (let j = 0; j < args.length; j += 4) {
    const [cls, hard, soft, seconds] = args.slice(j, j + 4) as [string, string, string, string];
    if (!classes.includes(cls.toLowerCase())) {
      return legacy ? 'Unrecognized client limit class' : 'Invalid client class specified in buffer limit configuration.';
    }
    if (legacy) {
      if (atoi(seconds) < 0n) return 'Negative number of seconds in soft limit is invalid';
    } else {
      const s = wholeLong(seconds);
      if (!memtoullOk(hard) || !memtoullOk(soft) || s === undefined || toInt32(s) < 0n) {
        return 'Error in hard, soft or soft_seconds setting in buffer limit configuration.';
      }
    }
  }
  return null;
}

function oomScoreAdjValues(spec: DirectiveSpec, args: string[]): string | null | undefined {
  if (spec.min === undefined || spec.max === undefined) return undefined;
  if (args.length !== 3) return undefined; // the arity checks report it
  const min = BigInt(spec.min);
  const max = BigInt(spec.max);
  const ok = args.every((a) => {
    const n = wholeLong(a);
    return n !== undefined && n >= min && n <= max;
  });
  return ok ? null : `Invalid oom-score-adj-values, elements must be between ${spec.min} and ${spec.max}.`;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const HEX_FLOAT = /^[+-]?0x([\da-f]+\.?[\da-f]*|\.[\da-f]+)(p[+-]?\d+)?$/i;

function latencyPercentiles(spec: DirectiveSpec, args: string[]): string | null | undefined {
  if (spec.min === undefined || spec.max === undefined) return undefined;
  if (args.length === 1 && args[0] === '') return null;
  for (const a of args) {
    if (HEX_FLOAT.test(a)) return undefined; // strtod reads hexadecimal floats; not evaluated here
    const lower = a.toLowerCase().replace(/^[+-]/, '');
    let v: number;
    if (lower === 'inf' || lower === 'infinity') v = a.startsWith('-') ? -Infinity : Infinity;
    else if (DECIMAL.test(a)) {
      v = Number(a);
      // string2d refuses what strtod reports as ERANGE: overflow to HUGE_VAL, underflow to zero.
      if (!Number.isFinite(v) || (v === 0 && /[1-9]/.test(a.split(/e/i)[0] as string))) {
        return 'Invalid latency-tracking-info-percentiles parameters';
      }
    } else return 'Invalid latency-tracking-info-percentiles parameters';
    if (v < Number(spec.min) || v > Number(spec.max)) {
      return `latency-tracking-info-percentiles parameters should sit between [${Number(spec.min).toFixed(1)},${Number(spec.max).toFixed(1)}]`;
    }
  }
  return null;
}

/**
 * Does memtoull (src/util.c, 7.0+) read it without error? Digits (possibly none) then an optional
 * unit b, k, kb, m, mb, g, gb (case-insensitive); a leading '-' or anything else is an error, as is
 * a number of 128 digits or more.
 */
function memtoullOk(s: string): boolean {
  const m = /^(\d*)(b|k|kb|m|mb|g|gb)?$/i.exec(s);
  return m !== null && (m[1] as string).length < 128;
}
