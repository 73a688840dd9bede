import { collectInputs } from '../inputs/collect.js';
import { parseConfigFile, type ConfigDocument } from '../inputs/config/document.js';
import { aclFilesOf } from '../inputs/config/acl-file.js';
import { compareFindings, distinctFingerprints, type Finding, type NotChecked } from '../report/finding.js';
import { REPORT_SCHEMA_VERSION, summarize, type Report } from '../report/report.js';
import type { InputKind } from '../rulepack/types.js';
import { toolVersion } from '../paths.js';
import { resolveLine, upgradePath } from '../versions/path.js';
import { compareSameFlavor, formatVersion, lineOf, parseSourceVersion, parseVersion, type Version } from '../versions/version.js';
import type { CheckContext } from './context.js';
import { checkConfigDocument, checkSnapshot } from './engine.js';
import { inferFrom } from './infer-from.js';
import { joinFindings } from './join.js';
import { localDate, manualChecks } from './manual.js';
import { ruleCoverage } from './coverage.js';
import { loadRules, newerThanPacks, releaseLines, selectRules } from './rules.js';
import { readAcknowledgements } from '../inputs/acknowledgements.js';
import type { Snapshot } from '../inputs/live/snapshot.js';
import type { LiveContext } from './live/context.js';
import { nodeVersion } from './live/node-facts.js';
import { checkEffectiveConfig } from './live/effective-config.js';
import { checkFileVsRunning } from './live/file-vs-running.js';
import { checkKnownBadClients } from './live/known-bad-clients.js';
import { rollingPlan } from './plan.js';
import { DirectiveLookup } from './tables.js';
import { checkSources } from './source/run.js';
import { applyRuleSuppressions, type RuleSuppression } from './suppress.js';
import type { ClientsMode } from './source/libraries.js';

export interface CheckOptions {
  paths: string[];
  /** Snapshots already collected (live) or read from files, with where they came from. */
  snapshots?: LoadedSnapshot[];
  /** Version spec of the target, e.g. `redis@7.4`. */
  target: string;
  /** Version spec of the source; inferred from the files when absent. */
  from?: string;
  rulesDirs?: string[];
  only?: string[];
  skip?: string[];
  /** Working directory the server would resolve relative includes against. */
  cwd?: string;
  /** Which client-library upgrade source rules describe (default `latest`). */
  clients?: ClientsMode;
  /** Walk vendored and generated directories too (node_modules, vendor, dist, virtualenvs). */
  includeVendored?: boolean;
  /** Library versions to assume, by pack name (`redis-py` → `2.10.6`), over what the manifests say. */
  libraryVersions?: Record<string, string>;
  /** Declared suppressions (the configuration file's), applied to every finding after the inline ones. */
  suppressions?: RuleSuppression[];
  /** An acknowledgement file marking manual checks done (schemas/acknowledgements.schema.json). */
  acknowledgements?: string;
  /** The day acknowledgements are judged on, YYYY-MM-DD (default: today, local time). */
  today?: string;
}

export interface LoadedSnapshot { source: string; kind: 'live' | 'snapshot'; snapshot: Snapshot }

export interface CheckResult {
  report: Report;
  /** One-line errors about inputs that could not be used at all. */
  errors: string[];
  /** True when at least one input was checked. */
  checked: boolean;
}

/** How the report names each kind of configuration document. */
const INPUT_KIND = { server: 'config', sentinel: 'sentinel-config', acl: 'acl-file' } as const;

/**
 * Checks configuration files against a target. Inputs that cannot be read become `errors`
 * (and `notChecked`) and the rest goes on.
 * @throws UsageError for an unknown target or source version, or refused packs.
 */
export function runCheck(opts: CheckOptions, inputErrors: string[] = []): CheckResult {
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

  const collected = collectInputs(opts.paths, isKnown, { includeVendored: opts.includeVendored });
  const notChecked: NotChecked[] = [];
  const errors = [...inputErrors, ...collected.errors];
  for (const e of collected.errors) notChecked.push({ input: e.split(': ')[0] as string, reason: e.slice(e.indexOf(': ') + 2) });
  for (const s of collected.skipped) notChecked.push({ input: s.path, reason: s.reason });
  // Leaving vendored trees out is the default, not a gap: --strict does not fail on it (every checkout has a .git).
  if (collected.vendored.length) {
    notChecked.push({ input: `${collected.vendored.length} vendored or generated director${collected.vendored.length === 1 ? 'y' : 'ies'}`, reason: `skipped (${collected.vendored.slice(0, 3).join(', ')}${collected.vendored.length > 3 ? ', …' : ''}); --include-vendored walks them`, notApplicable: true });
  }

  const configs = collected.configFiles.map((file) => parseConfigFile(file, { cwd: opts.cwd }));
  const acl = aclFilesOf(configs, collected.aclFiles, opts.cwd ?? process.cwd());
  notChecked.push(...acl.gaps);
  const docs: ConfigDocument[] = [];
  for (const doc of [...configs, ...acl.docs]) {
    const unreadable = doc.problems.find((p) => p.kind === 'unreadable');
    if (unreadable) {
      errors.push(unreadable.message);
      notChecked.push({ input: doc.file, reason: unreadable.message });
      continue;
    }
    docs.push(doc);
  }

  const snapshots = opts.snapshots ?? [];
  let from: Version;
  let fromReason: string | undefined;
  const oldest = oldestNode(snapshots);
  if (opts.from) {
    from = parseSourceVersion(opts.from, target);
    if (oldest && (oldest.version.flavor !== from.flavor || lineOf(oldest.version) !== lineOf(from))) {
      errors.push(`--from ${formatVersion(from)}, but the oldest node (${oldest.address}) runs ${formatVersion(oldest.version)}: the findings follow --from`);
    }
  } else if (oldest) {
    from = oldest.version;
    fromReason = `the oldest node: ${oldest.address} runs ${formatVersion(oldest.version)}`;
  } else {
    // An ACL file has only user lines: their syntax does not date it here.
    const inferred = inferFrom(docs.filter((d) => d.kind !== 'acl'), lookups);
    if (!inferred) {
      from = target;
      fromReason = docs.length ? 'the files name no known directive to infer it from; assumed the target (give --from for upgrade findings)' : 'no input to infer it from';
      if (docs.length) notChecked.push({ input: '--from', reason: 'not given and not inferable: only what the target itself refuses was checked' });
    } else {
      from = inferred.version;
      fromReason = inferred.reason;
    }
  }
  const fromLookup = lookupOf(from);
  const path = upgradePath(from, target, known);
  const ctx: CheckContext = { path, from: fromLookup, target: targetLookup, all: lookups, notChecked, cwd: opts.cwd ?? process.cwd(), commands: index.commands, commandLines: index.commandLines, rdbVersions: index.rdbVersions, aclRules: index.aclRules };
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
  const newer = newerThanPacks(target, targetLookup);
  if (newer) notChecked.push(newer);
  const typed = Object.values(targetLookup.table.directives).some((d) => d.parser || (d.type && d.type !== 'legacy'));
  if (!typed && docs.length) {
    notChecked.push({ input: 'values', reason: `the ${targetLookup.label} table has directive names and arities only: values are not checked against it` });
  }
  const source = checkSources(collected, rules, index, { path, fromKnown: !!opts.from || docs.length > 0 || snapshots.length > 0, target, clients: opts.clients ?? 'latest', libraryVersions: opts.libraryVersions ?? {} });
  findings.push(...source.findings);
  notChecked.push(...source.notChecked);
  errors.push(...source.errors);
  const liveCtx: LiveContext = { ...ctx, index };
  for (const { snapshot } of snapshots) {
    findings.push(...checkSnapshot(snapshot, rules, liveCtx));
    for (const node of snapshot.nodes.filter((n) => n.config)) {
      const v = nodeVersion(node);
      if (!v) continue;
      let nodeFrom: DirectiveLookup;
      try { nodeFrom = lookupOf(v); } catch { notChecked.push({ input: node.address, reason: `its running configuration: no table for ${formatVersion(v)}` }); continue; }
      findings.push(...checkEffectiveConfig(node, rules, { ...ctx, from: nodeFrom, path: upgradePath(v, target, known) }));
    }
    for (const n of [...snapshot.nodes, ...snapshot.sentinels]) {
      if (!n.reachable) notChecked.push({ input: n.address, reason: n.error ?? 'unreachable' });
      for (const sk of n.skipped) notChecked.push({ input: `${n.address} ${sk.command}`, reason: sk.reason, ...(sk.notInVersion ? { notApplicable: true as const } : {}) });
    }
  }
  if (snapshots.length) {
    const snaps = snapshots.map((s) => s.snapshot);
    findings.push(...checkKnownBadClients(snaps, rules, liveCtx));
    if (docs.length) findings.push(...checkFileVsRunning(docs, snaps, rules, ctx));
  }
  findings.sort(compareFindings);
  distinctFingerprints(findings);
  const declared = applyRuleSuppressions(findings, opts.suppressions ?? [], ctx.cwd);
  const joined = joinFindings(declared.kept);
  const acks = opts.acknowledgements ? readAcknowledgements(opts.acknowledgements) : [];
  const kinds = new Set<InputKind>([...docs.map((d) => (d.kind === 'acl' ? 'acl-file' as const : 'config' as const)), ...(snapshots.length ? ['live' as const] : []),
    ...source.inputs.flatMap((i) => (i.kind === 'source' || i.kind === 'manifest' ? [i.kind] : []))]);
  const manual = manualChecks(index.manualChecks, acks, path, kinds, opts.today ?? localDate(), notChecked);
  const coverage = ruleCoverage(index.rules, {
    path, kinds, libraries: source.libraries, only: opts.only ?? [], skip: opts.skip ?? [],
    libraryPacks: new Set(index.packs.filter((p) => p.library).map((p) => p.name)),
  });
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'redis-upgrade-lint', version: toolVersion(), packs: index.packs.map((p) => ({ name: p.name, file: p.file, checked: p.checked })) },
    from: { version: formatVersion(from), source: opts.from ? 'option' : 'inferred', ...(fromReason ? { reason: fromReason } : {}) },
    target: { version: formatVersion(target), source: 'option' },
    path: {
      direction: path.direction, description: path.description,
      gained: path.gained.map((l) => `${l.flavor}@${l.line}`), lost: path.lost.map((l) => `${l.flavor}@${l.line}`),
    },
    inputs: [
      ...docs.map((d) => ({ path: d.file, kind: INPUT_KIND[d.kind], files: d.files, directives: d.directives.filter((x) => d.kind !== 'acl' || x.name === 'user').length })),
      ...snapshots.map((s) => ({ path: s.source, kind: s.kind, topology: s.snapshot.topology, nodes: s.snapshot.nodes.length + s.snapshot.sentinels.length })),
      ...source.inputs,
    ],
    libraries: source.libraries,
    suppressed: [...source.suppressed, ...declared.suppressed].map((s) => ({ ruleId: s.finding.ruleId, location: s.finding.location, fingerprint: s.finding.fingerprint, reason: s.reason })),
    findings: joined,
    notChecked,
    plan: snapshots[0] ? rollingPlan(snapshots[0].snapshot, target) : [],
    rules: coverage,
    manualChecks: manual,
    summary: summarize(joined),
  };
  const reachable = snapshots.some((s) => s.snapshot.nodes.some((n) => n.reachable));
  return { report, errors, checked: docs.length > 0 || reachable || source.checked };
}

/** The oldest data node of the snapshots (redis before valkey), the default source version. */
function oldestNode(snapshots: LoadedSnapshot[]): { address: string; version: Version } | undefined {
  let best: { address: string; version: Version } | undefined;
  for (const { snapshot } of snapshots) {
    for (const n of snapshot.nodes) {
      const v = nodeVersion(n);
      if (!v) continue;
      if (!best || (v.flavor === best.version.flavor ? compareSameFlavor(v, best.version) < 0 : v.flavor === 'redis')) best = { address: n.address, version: v };
    }
  }
  return best;
}
