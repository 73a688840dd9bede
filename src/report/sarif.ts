import { relative, sep } from 'node:path';
import type * as Sarif from 'sarif';
import type { Rule } from '../rulepack/types.js';
import type { Finding, Location } from './finding.js';
import type { Report } from './report.js';

const LEVEL: Record<Finding['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** A path as SARIF wants it: relative to the working directory when inside it, with forward slashes. */
function uriOf(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const p = rel && !rel.startsWith('..') ? rel : file;
  return p.split(sep).join('/');
}

/** A rule's message or fix as a template a reader can read: `{package}` → `<package>` (each result has the filled text). */
const asTemplate = (text: string) => text.replace(/\{([a-zA-Z]+)\}/g, '<$1>');

function ruleDescriptor(id: string, rule: Rule | undefined, sample: Finding): Sarif.ReportingDescriptor {
  const refs = (rule?.references ?? sample.references).map((r) => `- [${r.title}](${r.url})`).join('\n');
  const fix = rule ? asTemplate(rule.fix) : sample.fix;
  return {
    id,
    name: id,
    shortDescription: { text: rule?.title ?? id },
    fullDescription: { text: rule ? asTemplate(rule.message) : sample.message },
    help: { text: `${fix}\n\nReferences:\n${(rule?.references ?? sample.references).map((r) => `${r.title}: ${r.url}`).join('\n')}`, markdown: `${fix}\n\n**References**\n${refs}` },
    ...(rule?.references[0] ? { helpUri: rule.references[0].url } : {}),
    defaultConfiguration: { level: LEVEL[rule?.severity ?? sample.severity] },
    properties: { tags: ['redis-upgrade', ...(rule?.pack ? [rule.pack] : [])] },
  };
}

/** A file region, or a logical location for an instance (host:port and field). */
function sarifLocation(loc: Location, cwd: string): Sarif.Location {
  return 'file' in loc
    ? { physicalLocation: { artifactLocation: { uri: uriOf(loc.file, cwd) }, ...(loc.line ? { region: { startLine: loc.line, ...(loc.column ? { startColumn: loc.column } : {}) } } : {}) } }
    : { logicalLocations: [{ name: `${loc.instance}${loc.field ? ` ${loc.field}` : ''}`, kind: 'resource' }] };
}

/**
 * The report as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) for GitHub
 * code scanning: one run, a rule descriptor with help text and references per rule that fired,
 * one result per finding with its location (file region, or a logical location for an instance)
 * and the finding's fingerprint as `partialFingerprints`; a joined finding's other evidence
 * (the same change seen in other inputs) is in `relatedLocations`.
 */
export function toSarif(report: Report, rules: Rule[], cwd = process.cwd()): Sarif.Log {
  const ids = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const descriptors = ids.map((id) => ruleDescriptor(id, byId.get(id), report.findings.find((f) => f.ruleId === id) as Finding));
  const results: Sarif.Result[] = report.findings.map((f) => {
    const related = (f.related ?? []).map((r, i): Sarif.Location => ({ id: i + 1, ...sarifLocation(r.location, cwd), message: { text: `${r.ruleId}: ${r.evidence}` } }));
    return {
      ruleId: f.ruleId,
      ruleIndex: ids.indexOf(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: `${f.message}${f.boundary ? ` (${f.boundary})` : ''}. Fix: ${f.fix}` },
      locations: [sarifLocation(f.location, cwd)],
      ...(related.length ? { relatedLocations: related } : {}),
      partialFingerprints: { 'redisUpgradeLint/v1': f.fingerprint },
      // With --baseline: code scanning shows which results the previous report did not have.
      ...(f.baseline ? { baselineState: f.baseline } : {}),
      properties: { evidence: f.evidence, ...(f.blocksStartup ? { blocksStartup: true } : {}) },
    };
  });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, informationUri: 'https://github.com/redis-upgrade-lint/redis-upgrade-lint', rules: descriptors } },
      results,
      properties: { from: report.from.version, target: report.target.version, notChecked: report.notChecked },
    }],
  };
}

export function formatSarif(report: Report, rules: Rule[], cwd?: string): string {
  return `${JSON.stringify(toSarif(report, rules, cwd), null, 2)}\n`;
}
