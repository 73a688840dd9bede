import { messageOf } from '../../errors.js';
import { BootInputError, binaryVersion, type BinaryVersion } from '../../inputs/boot/binary.js';
import { bootServer, type BootFacts } from '../../inputs/boot/boot.js';
import { checkDataFile, type DataCheckFacts, type DataKind } from '../../inputs/boot/data-check.js';
import { compareFindings, distinctFingerprints, fingerprintOf, type Finding, type NotChecked } from '../../report/finding.js';
import { summarize, type ReportInput } from '../../report/report.js';
import type { Rule } from '../../rulepack/types.js';
import { formatVersion, lineOf, parseVersion, type Version } from '../../versions/version.js';
import type { Hit } from '../context.js';
import { render } from '../engine.js';
import type { CheckResult } from '../run.js';
import { loadRules, selectRules } from '../rules.js';
import { markApplied } from '../coverage.js';
import { bootHits, dataHits, type BootHit } from './compare.js';

export interface BootProofOptions {
  /** The target's server binary (redis-server, valkey-server). */
  bootWith: string;
  /** An RDB file to check with the target's redis-check-rdb (on a copy). */
  rdb?: string;
  /** An AOF to check with the target's redis-check-aof (on a copy): the appendonlydir of 7.0+, or an old-style AOF file. */
  aof?: string;
  /** The working directory the run assumed for the server (relative include and loadmodule paths); default process.cwd(). */
  cwd?: string;
  /** How long a booted server may take to answer PING or exit, in ms (default 5000). */
  timeoutMs?: number;
  /** How long redis-check-rdb / redis-check-aof may run, in ms (default 120000). */
  checkTimeoutMs?: number;
  /** The run's --rules, --only and --skip: the packs are then not loaded twice and the selection applies to the boot rules too. */
  rulesDirs?: string[];
  only?: string[];
  skip?: string[];
}

/** The report.inputs entry of a boot or a data check. */
export type BootReportInput = Extract<ReportInput, { kind: 'boot' | 'rdb-check' | 'aof-check' }>;

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Proof by booting the target: starts `opts.bootWith` on a copy of every server configuration of
 * the report (see bootServer: a temporary directory, a free loopback port, no contact with another
 * host), and runs its redis-check-rdb / redis-check-aof on copies of `opts.rdb` / `opts.aof`.
 * Appends to `result.report` the findings of rules/proof/boot.yaml (boot.refused with the server's
 * own lines, boot.prediction-mismatch where the report's blocksStartup findings disagree with the
 * server, data.*-check-failed), notChecked entries (a binary of another release line than the
 * target, Sentinel configurations, timeouts) and one input entry per run; then re-sorts the
 * findings and recomputes the summary. A binary or data file that cannot be used becomes a line in
 * `result.errors` and a notChecked entry; nothing is thrown for bad input.
 * Secrets (requirepass, masterauth, user passwords) never reach the report: the server's output is redacted.
 * @throws UsageError only when the rule packs do not load (as runCheck would).
 */
export async function addBootProof(result: CheckResult, opts: BootProofOptions): Promise<void> {
  const report = result.report;
  const rules = new Map(selectRules(loadRules(opts.rulesDirs, opts.only, opts.skip).rules, opts.only, opts.skip)
    .filter((r) => r.inputs.includes('boot') && r.check).map((r) => [r.check as string, r]));
  const findings: Finding[] = [];
  const notChecked: NotChecked[] = [];
  const inputs: BootReportInput[] = [];
  const add = (hits: BootHit[], vars: Record<string, string>) => {
    for (const { check, hit } of hits) {
      const rule = rules.get(check);
      if (rule) findings.push(toFinding(rule, hit, vars));
    }
  };
  const refuse = (input: string, reason: string) => { result.errors.push(`${input}: ${reason}`); notChecked.push({ input, reason }); };
  const data = [...(opts.rdb ? [['rdb', opts.rdb] as const] : []), ...(opts.aof ? [['aof', opts.aof] as const] : [])];

  const configs = report.inputs.filter((i): i is Extract<ReportInput, { files: string[] }> => i.kind === 'config');
  for (const s of report.inputs.filter((i) => i.kind === 'sentinel-config')) {
    notChecked.push({ input: s.path, reason: `not booted with ${opts.bootWith}: a Sentinel would contact the masters it monitors; only server configurations are booted` });
  }
  let binary: BinaryVersion | undefined;
  try {
    binary = binaryVersion(opts.bootWith);
  } catch (err) {
    refuse(opts.bootWith, `cannot boot the target: ${withoutPrefix(err, opts.bootWith)}`);
  }
  const target = parseVersion(report.target.version);
  const version = binary && versionOf(binary);
  if (binary && version && !sameLine(version, target)) {
    // Another release line proves nothing about the target, in either direction.
    const why = `${formatVersion(version)} (${opts.bootWith}) is not the target ${report.target.version}: booting it proves nothing about the target; give a ${target.flavor} ${lineOf(target)} binary`;
    for (const c of configs) notChecked.push({ input: c.path, reason: `not booted: ${why}` });
    for (const [, path] of data) notChecked.push({ input: path, reason: `not checked: ${why}` });
    if (!configs.length && !data.length) notChecked.push({ input: opts.bootWith, reason: why });
  } else if (binary && version) {
    if (target.patch !== undefined && target.patch !== version.patch) {
      notChecked.push({ input: opts.bootWith, reason: `${formatVersion(version)} is not exactly the target ${report.target.version}: what it proves holds for ${binary.version}` });
    }
    const server = `${binary.flavor} ${binary.version} (${binary.bin})`;
    const vars = { target: report.target.version, server };
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    for (const c of configs) {
      let facts: BootFacts;
      try {
        facts = await bootServer(binary, c.path, { cwd: opts.cwd, timeoutMs });
      } catch (err) {
        if (!(err instanceof BootInputError)) throw err;
        refuse(c.path, `not booted: ${withoutPrefix(err, c.path)}`);
        continue;
      }
      inputs.push({ path: c.path, kind: 'boot', binary: binary.bin, version: formatVersion(version), outcome: facts.outcome });
      const files = new Set(c.files);
      const predicted = report.findings.filter((f) => f.blocksStartup && 'file' in f.location && files.has(f.location.file));
      const packs = predicted.length ? [...new Set(predicted.map((f) => packOf(f.ruleId, opts)))].join(', ')
        : `the ${report.target.version} directive table and the config packs`;
      add(bootHits(facts, predicted, { server, packs, timeoutMs }), vars);
      if (facts.outcome === 'no-answer') notChecked.push({ input: c.path, reason: `the prediction was not compared: ${binary.bin} neither answered nor exited within ${timeoutMs} ms` });
    }
    if (!configs.length && !data.length) notChecked.push({ input: opts.bootWith, reason: 'no server configuration to boot and no --rdb / --aof to check' });
    for (const [kind, path] of data) {
      const facts = await runDataCheck(binary, kind, path, opts.checkTimeoutMs, refuse);
      if (!facts) continue;
      inputs.push({ path, kind: kind === 'rdb' ? 'rdb-check' : 'aof-check', binary: facts.tool.file, version: formatVersion(version), outcome: facts.outcome });
      add(dataHits(facts, server), vars);
      if (facts.outcome === 'no-answer') notChecked.push({ input: path, reason: `${facts.tool.name} still running after ${opts.checkTimeoutMs ?? 120_000} ms: stopped, not proven either way` });
    }
  }
  if (inputs.length) {
    result.checked = true;
    markApplied(report.rules, [...rules.values()].map((r) => r.id));
  }
  report.inputs.push(...inputs);
  report.notChecked.push(...notChecked);
  report.findings.push(...findings);
  report.findings.sort(compareFindings);
  distinctFingerprints(report.findings);
  report.summary = { ...report.summary, ...summarize(report.findings) };
}

async function runDataCheck(binary: BinaryVersion, kind: DataKind, path: string, timeoutMs: number | undefined,
  refuse: (input: string, reason: string) => void): Promise<DataCheckFacts | undefined> {
  try {
    return await checkDataFile(binary, kind, path, { timeoutMs });
  } catch (err) {
    if (!(err instanceof BootInputError)) throw err;
    refuse(path, `not checked: ${withoutPrefix(err, path)}`);
    return undefined;
  }
}

/** A BootInputError's message without the path it opens with, for an entry that already names the path. */
function withoutPrefix(err: unknown, path: string): string {
  const m = messageOf(err);
  return m.startsWith(`${path}: `) ? m.slice(path.length + 2) : m;
}

function toFinding(rule: Rule, hit: Hit, vars: Record<string, string>): Finding {
  const all = { ...vars, ...hit.vars };
  const finding: Finding = {
    ruleId: rule.id, severity: rule.severity, message: render(rule.message, all), location: hit.location,
    evidence: hit.evidence, fix: render(rule.fix, all), references: rule.references, fingerprint: fingerprintOf(rule.id, hit.location, hit.key),
  };
  if (rule.blocksStartup) finding.blocksStartup = true;
  return finding;
}

function packOf(ruleId: string, opts: BootProofOptions): string {
  const rule = loadRules(opts.rulesDirs).rules.find((r) => r.id === ruleId);
  return rule ? `${rule.pack} (${rule.file})` : ruleId;
}

/** The binary's version as a Version; a milestone's number (7.9.224) stays what it says. */
function versionOf(b: BinaryVersion): Version {
  const [major = 0, minor = 0, patch = 0] = b.version.split('.').map(Number);
  return { flavor: b.flavor, major, minor, patch };
}

function sameLine(a: Version, b: Version): boolean {
  return a.flavor === b.flavor && a.major === b.major && a.minor === b.minor;
}
