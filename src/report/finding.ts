import { createHash } from 'node:crypto';
import type { Reference, Severity } from '../rulepack/types.js';

export interface FileLocation { file: string; line?: number; column?: number }
export interface InstanceLocation { instance: string; role?: string; field?: string }
export type Location = FileLocation | InstanceLocation;

/** One thing that will break or change, with where, why and what to do. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  /** What was seen: the line as written, a field and its value. */
  evidence: string;
  fix: string;
  references: Reference[];
  /** Stable across runs (no line numbers), for baselines. */
  fingerprint: string;
  /** Present and true only when the target server will refuse to start. */
  blocksStartup?: true;
  /** Which part of the path makes the finding apply, e.g. `6.2 → 7.4 crosses 7.0`. */
  boundary?: string;
  /**
   * What the finding is about, shared by findings of other inputs on the same change:
   * `command:<name, lower case>`, `directive:<name, lower case>`, `library:<pack name>`.
   */
  subject?: string;
  /** The same change seen in other inputs, joined under this finding (see checks/join.ts). */
  related?: RelatedEvidence[];
  /** With --baseline: whether the previous report had this finding (by fingerprint). */
  baseline?: 'new' | 'unchanged';
}

/** One piece of evidence of a joined finding: another input's finding on the same subject. */
export type RelatedEvidence = Pick<Finding, 'ruleId' | 'severity' | 'message' | 'location' | 'evidence' | 'fingerprint' | 'boundary'>;

/**
 * Something the run could not check, and why. `notApplicable`: listed for completeness, though there
 * was nothing to check or nothing any run could check (ACL LIST on a server older than ACLs; a
 * password, which CONFIG GET never shows); --strict does not count it as a gap.
 */
export interface NotChecked { input: string; reason: string; notApplicable?: true }

export function fingerprintOf(ruleId: string, location: Location, key: string): string {
  const where = 'file' in location ? location.file : `${location.instance}/${location.field ?? ''}`;
  return createHash('sha256').update(`${ruleId}\0${where}\0${key}`).digest('hex').slice(0, 24);
}

/**
 * Makes fingerprints unique within a run: the n-th finding (in report order) sharing a fingerprint
 * gets `#n` folded in, so a second identical call in a file is a new finding against a baseline
 * that had one, while moving code around keeps every fingerprint.
 */
export function distinctFingerprints(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = (seen.get(f.fingerprint) ?? 0) + 1;
    seen.set(f.fingerprint, n);
    if (n > 1) f.fingerprint = createHash('sha256').update(`${f.fingerprint}#${n}`).digest('hex').slice(0, 24);
  }
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Deterministic order: severity, then location, then rule id, then message. */
export function compareFindings(a: Finding, b: Finding): number {
  const la = locationKey(a.location);
  const lb = locationKey(b.location);
  return RANK[a.severity] - RANK[b.severity] || (la < lb ? -1 : la > lb ? 1 : 0)
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function locationKey(l: Location): string {
  return 'file' in l ? `${l.file}\0${String(l.line ?? 0).padStart(8, '0')}` : `~${l.instance}\0${l.field ?? ''}`;
}

/** `path/to/redis.conf:12` or `10.0.0.1:6379 (master) maxmemory`. */
export function formatLocation(l: Location): string {
  if ('file' in l) return l.line ? `${l.file}:${l.line}` : l.file;
  return `${l.instance}${l.role ? ` (${l.role})` : ''}${l.field ? ` ${l.field}` : ''}`;
}
