import type { BaselineSummary } from './baseline.js';
import { verdictOf, type Verdict } from './verdict.js';
import type { Finding, Location, NotChecked } from './finding.js';
import type { Severity } from '../rulepack/types.js';

export const REPORT_SCHEMA_VERSION = '1.2.0';

export interface ReportVersion {
  /** `redis@7.4` or `valkey@8.0.1`. */
  version: string;
  /** How it was decided: given with --from/--target, or inferred (and from what). */
  source: 'option' | 'inferred';
  reason?: string;
}

export type ReportInput =
  | { path: string; kind: 'config' | 'sentinel-config' | 'acl-file'; /** Files read, includes among them. */ files: string[]; /** Directive lines (for an ACL file: user lines). */ directives: number }
  | { path: string; kind: 'live' | 'snapshot'; topology: string; nodes: number }
  | { path: string; kind: 'manifest'; dependencies: number }
  | { path: string; kind: 'source'; /** Source files read. */ files: number; /** Files that named a client library and were parsed. */ parsed: number }
  /** --boot-with, --rdb, --aof: the target's own binaries run on copies of the user's files. */
  | { path: string; kind: 'boot' | 'rdb-check' | 'aof-check'; binary: string; /** The binary's, as `redis@7.0.15`. */ version: string;
    /** boot: started | refused | no-answer; checks: ok | failed | no-answer. */ outcome: string };

/** A client library found in manifests or imports, and the upgrade of it that source rules describe. */
export interface LibraryReport {
  /** The pack's name: `redis-py`, `ioredis`. */
  name: string;
  packages: string[];
  /** The lowest version installed or allowed; null when no manifest says (every version is assumed). */
  from: string | null;
  fromWhere?: string;
  goal: string;
  goalReason: string;
  /** The lowest version the target server needs, when known. */
  needed?: string;
  /**
   * When manifests in several directories declare the library: the directory whose manifests gave
   * `from`, for the files below it (the nearest wins). Absent: the whole tree (the lowest over
   * every manifest), for files under no declaring manifest.
   */
  scope?: string;
}

/** A finding an inline ignore comment left out. */
export interface SuppressedFinding { ruleId: string; location: Location; fingerprint: string; reason: string }

/** A manual check that applies to the run, and whether an acknowledgement marks it done. */
export interface ManualCheckReport {
  id: string;
  title: string;
  description: string;
  /** `expired`: acknowledged, but the acknowledgement's last day has passed; it counts as open. */
  status: 'open' | 'done' | 'expired';
  references: { title: string; url: string }[];
  acknowledgement?: { by: string; date: string; ticket: string; expires: string; note?: string; file: string };
}

/** Which rules applied to the run (they ran, found something or not) and, by reason, which did not. */
export interface RuleCoverage {
  applied: string[];
  notApplied: { reason: string; rules: string[] }[];
}

/** One step of a rolling-upgrade plan (filled by live checks; empty for files). */
export interface PlanStep { order: number; node: string; action: string; gate: string }

/** The whole result of a run, as the JSON reporter writes it (schemas/report.schema.json). */
export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string; packs: { name: string; file: string; checked: string }[] };
  from: ReportVersion;
  target: ReportVersion;
  path: { direction: string; description: string; gained: string[]; lost: string[] };
  inputs: ReportInput[];
  libraries: LibraryReport[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
  notChecked: NotChecked[];
  plan: PlanStep[];
  rules: RuleCoverage;
  /** Upgrade steps only a person can verify (packs' manualChecks), with their acknowledgements. */
  manualChecks: ManualCheckReport[];
  /** Present with --baseline. */
  baseline?: BaselineSummary;
  summary: { verdict: Verdict; error: number; warning: number; info: number; blocksStartup: number; total: number };
}

export function summarize(findings: Finding[]): Report['summary'] {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const counts = { error: count('error'), warning: count('warning'), info: count('info') };
  return { verdict: verdictOf(counts), ...counts, blocksStartup: findings.filter((f) => f.blocksStartup).length, total: findings.length };
}

/** Manual checks not done: open, or acknowledged with an expired acknowledgement. */
export function openManual(report: Pick<Report, 'manualChecks'>): number {
  return report.manualChecks.filter((m) => m.status !== 'done').length;
}
