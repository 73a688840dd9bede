import semver from 'semver';
import type { CollectedInputs } from '../../inputs/collect.js';
import { parseManifest } from '../../inputs/manifests/index.js';
import { dependenciesOnly, type Dependency, type ManifestProblem } from '../../inputs/manifests/types.js';
import type { Finding, NotChecked } from '../../report/finding.js';
import type { LibraryReport, ReportInput } from '../../report/report.js';
import type { RuleIndex } from '../../rulepack/load.js';
import type { Rule } from '../../rulepack/types.js';
import type { UpgradePath } from '../../versions/path.js';
import type { Version } from '../../versions/version.js';
import { toFinding } from '../engine.js';
import type { Suppressed } from '../suppress.js';
import { exactVersion, inRange, judgesVersion, MANIFEST_CHECKS } from './manifest-checks.js';
import { planLibraries, serverCondition, type ClientsMode, type LibraryPlan } from './libraries.js';
import { scanSources } from './scan.js';

export interface SourceRunOptions {
  path: UpgradePath;
  fromKnown: boolean;
  target: Version;
  clients: ClientsMode;
  libraryVersions: Record<string, string>;
}

export interface SourceRunResult {
  findings: Finding[];
  notChecked: NotChecked[];
  errors: string[];
  inputs: ReportInput[];
  libraries: LibraryReport[];
  suppressed: Suppressed[];
  /** True when a manifest or a source file was read. */
  checked: boolean;
}

/** Manifest rules of one library: known-bad versions, conflicting or missing companion packages. */
function manifestFindings(rules: Rule[], plan: LibraryPlan, deps: Dependency[], opts: SourceRunOptions): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const m = rule.manifest;
    if (!m) continue;
    // A change the planned upgrade does not reach is not reported.
    if (rule.library?.since && semver.gt(rule.library.since, plan.goal)) continue;
    for (const d of deps.filter((x) => x.ecosystem === plan.pack.library.ecosystem && judgesVersion(rule, plan.pack, x, opts.target))) {
      const sameFile = deps.filter((x) => x.file === d.file || x.locked !== d.locked);
      if (m.alsoPackage && !sameFile.some((x) => x.name === m.alsoPackage && (!m.alsoRange || inRange(x, m.alsoRange)))) continue;
      if (m.absentPackage && deps.some((x) => x.name === m.absentPackage)) continue;
      const shown = exactVersion(d) ?? d.declared ?? d.range ?? 'any version';
      out.push(toFinding(rule, {
        location: { file: d.file, ...(d.line ? { line: d.line } : {}) },
        evidence: `${d.name} ${shown}${d.locked ? ' (installed)' : ''}`,
        key: `${d.name}`,
        vars: { package: d.name, version: shown, library: plan.pack.name },
        ...(serverCondition(rule) ? { boundary: serverCondition(rule) as string } : {}),
      }, opts));
    }
  }
  return out;
}

/**
 * The source and manifest part of a run: parses the manifests, plans each client library's
 * upgrade (see planLibraries), scans the source files and applies the manifest rules.
 */
export function checkSources(collected: CollectedInputs, rules: Rule[], index: RuleIndex, opts: SourceRunOptions): SourceRunResult {
  const result: SourceRunResult = { findings: [], notChecked: [], errors: [], inputs: [], libraries: [], suppressed: [], checked: false };
  const deps: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  for (const file of collected.manifests) {
    const parsed = parseManifest(file);
    deps.push(...parsed.dependencies);
    problems.push(...parsed.problems);
    // A manifest read in part still gives what it could: say so, rather than "not checked".
    const read = parsed.dependencies.length;
    for (const p of parsed.problems) {
      const where = p.line ? `${p.file}:${p.line}` : p.file;
      const reason = read ? `${p.message} (read in part: ${read} ${read === 1 ? 'entry was' : 'entries were'} read and checked)` : p.message;
      result.errors.push(`${where}: ${reason}`);
      result.notChecked.push({ input: where, reason });
    }
    result.inputs.push({ path: file, kind: 'manifest', dependencies: dependenciesOnly(parsed.dependencies).length });
  }
  const plans = planLibraries(index.packs, deps, opts.target, opts.clients);
  // Manifest rules judge what a project depends on, not the project itself (a client library's own repository).
  const dependencies = dependenciesOnly(deps);
  for (const plan of plans) {
    const given = opts.libraryVersions[plan.pack.name];
    if (given) { plan.from = given; plan.fromWhere = 'given'; }
  }
  const scan = collected.sourceFiles.length
    ? scanSources(collected.sourceFiles, plans, rules, { path: opts.path, fromKnown: opts.fromKnown, commands: index.commands, ruleIds: index.rules.map((r) => r.id) })
    : undefined;
  if (scan) {
    result.findings.push(...scan.findings);
    // A setup.py the manifest reader could not read is listed once, not again by the scan.
    const unread = new Set(problems.filter((p) => p.unread).map((p) => p.file));
    result.notChecked.push(...scan.notChecked.filter((n) => !unread.has(n.input)));
    result.suppressed.push(...scan.suppressed);
    result.inputs.push({ path: 'source files', kind: 'source', files: scan.scanned, parsed: scan.parsed });
  }
  for (const plan of plans) {
    // Manifest rules judge every manifest: with the tree-wide plan only.
    if (plan.scope === undefined) {
      result.findings.push(...manifestFindings(rules, plan, dependencies, opts));
      for (const rule of rules) {
        const check = rule.check && rule.inputs.includes('manifest') ? MANIFEST_CHECKS[rule.check] : undefined;
        if (check) result.findings.push(...check(plan, dependenciesOnly(plan.declared)).map((h) => toFinding(rule, h, opts)));
      }
    }
    // A pack declared in several directories is listed once per scope, and tree-wide when some file under no scope imports it.
    const scoped = plans.some((p) => p.pack === plan.pack && p.scope !== undefined);
    const listed = !scoped ? plan.declared.length || scan?.imported.has(plan.pack.name) : plan.scope !== undefined || scan?.used.has(plan);
    if (listed) {
      result.libraries.push({
        name: plan.pack.name, packages: plan.pack.library.packages,
        from: plan.from ?? null, ...(plan.fromWhere ? { fromWhere: plan.fromWhere } : {}),
        goal: plan.goal, goalReason: plan.goalReason, ...(plan.needed ? { needed: plan.needed } : {}),
        ...(plan.scope !== undefined ? { scope: plan.scope } : {}),
      });
    }
  }
  result.checked = collected.manifests.length > 0 || (scan?.scanned ?? 0) > 0;
  return result;
}
