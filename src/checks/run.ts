import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { collectInputs } from '../inputs/collect.js';
import { parseConfigFile, type ConfigDocument } from '../inputs/config/document.js';
import { compareFindings, type Finding, type NotChecked } from '../report/finding.js';
import { REPORT_SCHEMA_VERSION, summarize, type Report } from '../report/report.js';
import { loadRuleIndex, type RuleIndex } from '../rulepack/load.js';
import type { Rule } from '../rulepack/types.js';
import { packageRoot } from '../paths.js';
import { resolveLine, upgradePath, type ReleaseLine } from '../versions/path.js';
import { formatVersion, parseVersion, type Version } from '../versions/version.js';
import type { CheckContext } from './context.js';
import { checkConfigDocument, knownChecks } from './engine.js';
import { inferFrom } from './infer-from.js';
import { DirectiveLookup } from './tables.js';

export interface CheckOptions {
  paths: string[];
  /** Version spec of the target, e.g. `redis@7.4`. */
  target: string;
  /** Version spec of the source; inferred from the files when absent. */
  from?: string;
  rulesDirs?: string[];
  only?: string[];
  skip?: string[];
  /** Working directory the server would resolve relative includes against. */
  cwd?: string;
}

export interface CheckResult {
  report: Report;
  /** One-line errors about inputs that could not be used at all. */
  errors: string[];
  /** True when at least one input was checked. */
  checked: boolean;
}

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Loads the packs, validates them and the rule ids selected.
 * @throws UsageError listing every refused pack file (file: /json/path message).
 */
export function loadRules(rulesDirs: string[] = [], only: string[] = [], skip: string[] = []): RuleIndex {
  const index = loadRuleIndex(rulesDirs);
  const checks = new Set(knownChecks());
  for (const r of index.rules) {
    if (r.check && !checks.has(r.check)) index.errors.push(`${r.file}: rule ${r.id} names an unknown check '${r.check}' (known: ${[...checks].join(', ')})`);
  }
  if (index.errors.length) throw new UsageError(`rule packs refused:\n  ${index.errors.join('\n  ')}`);
  for (const id of [...only, ...skip]) {
    if (!index.rules.some((r) => r.id === id || r.id.startsWith(`${id}.`))) throw new UsageError(`unknown rule id '${id}' (see: redis-upgrade-lint rules list)`);
  }
  return index;
}

export function selectRules(rules: Rule[], only: string[] = [], skip: string[] = []): Rule[] {
  const hit = (id: string, sel: string) => id === sel || id.startsWith(`${sel}.`);
  return rules.filter((r) => (only.length === 0 || only.some((s) => hit(r.id, s))) && !skip.some((s) => hit(r.id, s)));
}

export function releaseLines(index: RuleIndex): ReleaseLine[] {
  return index.tables.map((t) => ({ flavor: t.flavor, line: t.line, version: t.version }));
}

/**
 * Checks configuration files against a target. Inputs that cannot be read become `errors`
 * (and `notChecked`) and the rest goes on.
 * @throws UsageError for an unknown target or source version, or refused packs.
 */
export function runCheck(opts: CheckOptions): CheckResult {
  const index = loadRules(opts.rulesDirs, opts.only, opts.skip);
  const known = releaseLines(index);
  const target = parseVersion(opts.target);
  const lookups = index.tables.map((t) => new DirectiveLookup(t));
  const lookupOf = (v: Version) => {
    const line = resolveLine(v, known);
    return lookups.find((l) => l.table.flavor === line.flavor && l.table.line === line.line) as DirectiveLookup;
  };
  const targetLookup = lookupOf(target);
  const isKnown = (name: string) => name === 'sentinel' || lookups.some((l) => l.has(name));

  const collected = collectInputs(opts.paths, isKnown);
  const notChecked: NotChecked[] = [];
  const errors = [...collected.errors];
  for (const e of collected.errors) notChecked.push({ input: e.split(': ')[0] as string, reason: e.slice(e.indexOf(': ') + 2) });
  for (const s of collected.skipped) notChecked.push({ input: s.path, reason: s.reason });
  for (const [dir, n] of collected.otherFiles) notChecked.push({ input: dir, reason: `${n} file(s) that are not configuration files; source analysis is not part of this version` });

  const docs: ConfigDocument[] = [];
  for (const file of collected.configFiles) {
    const doc = parseConfigFile(file, { cwd: opts.cwd });
    const unreadable = doc.problems.find((p) => p.kind === 'unreadable');
    if (unreadable) {
      errors.push(unreadable.message);
      notChecked.push({ input: file, reason: unreadable.message });
      continue;
    }
    docs.push(doc);
  }

  let from: Version;
  let fromReason: string | undefined;
  if (opts.from) {
    from = parseVersion(opts.from, target.flavor);
  } else {
    const inferred = inferFrom(docs, lookups);
    if (!inferred) {
      if (docs.length > 0) throw new UsageError('--from is required: the files do not tell which version they were written for');
      from = target;
      fromReason = 'no input to infer it from';
    } else {
      from = inferred.version;
      fromReason = inferred.reason;
    }
  }
  const fromLookup = lookupOf(from);
  const path = upgradePath(from, target, known);
  const ctx: CheckContext = { path, from: fromLookup, target: targetLookup, all: lookups, notChecked, cwd: opts.cwd ?? process.cwd() };
  const rules = selectRules(index.rules, opts.only, opts.skip);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const doc of docs) {
    for (const f of checkConfigDocument(doc, rules, ctx)) {
      const key = `${f.ruleId}\0${JSON.stringify(f.location)}\0${f.message}`;
      if (!seen.has(key)) { seen.add(key); findings.push(f); }
    }
  }
  for (const t of new Set([fromLookup, targetLookup])) {
    if (t.table.unverified?.length && docs.length) {
      notChecked.push({ input: `${t.label} table`, reason: `built partly from release notes, not from src/config.c at the release tag; unverified: ${t.table.unverified.join('; ')}` });
    }
  }
  const typed = Object.values(targetLookup.table.directives).some((d) => d.type && d.type !== 'legacy');
  if (!typed && docs.length) {
    notChecked.push({ input: 'values', reason: `the ${targetLookup.label} table has directive names and arities only: values are not checked against it` });
  }
  findings.sort(compareFindings);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'redis-upgrade-lint', version: toolVersion(), packs: index.packs.map((p) => ({ name: p.name, file: p.file, checked: p.checked })) },
    from: { version: formatVersion(from), source: opts.from ? 'option' : 'inferred', ...(fromReason ? { reason: fromReason } : {}) },
    target: { version: formatVersion(target), source: 'option' },
    path: {
      direction: path.direction, description: path.description,
      gained: path.gained.map((l) => `${l.flavor}@${l.line}`), lost: path.lost.map((l) => `${l.flavor}@${l.line}`),
    },
    inputs: docs.map((d) => ({ path: d.file, kind: d.kind === 'sentinel' ? 'sentinel-config' : 'config', files: d.files, directives: d.directives.length })),
    findings,
    notChecked,
    plan: [],
    summary: summarize(findings),
  };
  return { report, errors, checked: docs.length > 0 };
}
