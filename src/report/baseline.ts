import { readFileSync } from 'node:fs';
import { errorText, UsageError } from '../errors.js';
import type { Finding } from './finding.js';

/** How the findings compare with a previous report: new ones fail CI, unchanged ones do not. */
export interface BaselineSummary {
  file: string;
  new: number;
  unchanged: number;
  /** Fingerprints of the baseline that no longer appear (fixed, or their input was not given). */
  fixed: { ruleId: string; fingerprint: string; message: string }[];
}

/**
 * Reads a previous JSON report (written with --format json).
 * @throws UsageError naming the file when it cannot be read or is not such a report.
 */
export function readBaseline(file: string): Finding[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--baseline ${file}: ${errorText(err)}`);
  }
  const findings = (doc as { findings?: unknown }).findings;
  if (!Array.isArray(findings) || findings.some((f) => typeof (f as Finding)?.fingerprint !== 'string')) {
    throw new UsageError(`--baseline ${file}: not a redis-upgrade-lint JSON report (no findings[] with fingerprints)`);
  }
  return findings as Finding[];
}

/** Marks each finding `new` or `unchanged` by fingerprint, and lists the baseline's findings that are gone. */
export function compareWithBaseline(findings: Finding[], baseline: Finding[], file: string): BaselineSummary {
  const before = new Set(baseline.map((f) => f.fingerprint));
  const now = new Set(findings.map((f) => f.fingerprint));
  let fresh = 0;
  for (const f of findings) {
    f.baseline = before.has(f.fingerprint) ? 'unchanged' : 'new';
    if (f.baseline === 'new') fresh++;
  }
  const fixed = baseline.filter((f) => !now.has(f.fingerprint)).map((f) => ({ ruleId: f.ruleId, fingerprint: f.fingerprint, message: f.message }));
  return { file, new: fresh, unchanged: findings.length - fresh, fixed };
}
