import type { ConfigDocument } from '../inputs/config/document.js';
import { fingerprintOf, type Finding } from '../report/finding.js';
import type { Rule } from '../rulepack/types.js';
import { formatVersion } from '../versions/version.js';
import { ruleApplies, ruleBoundary } from './applies.js';
import { CONFIG_CHECKS } from './config/index.js';
import { matchConfig } from './config/matcher.js';
import { directiveHit } from './config/directive-hit.js';
import type { CheckContext, Hit } from './context.js';
import type { Snapshot } from '../inputs/live/snapshot.js';
import { LIVE_CHECKS } from './live/index.js';
import { SOURCE_CHECKS } from './source/index.js';
import { MANIFEST_CHECKS } from './source/manifest-checks.js';
import { BOOT_CHECKS } from './boot/names.js';
import type { LiveContext } from './live/context.js';

/** Fills `{name}` placeholders; unknown names are left as written. */
export function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** Names of checks that packs may use; a rule naming another is a pack error. */
export function knownChecks(): string[] {
  return [...Object.keys(CONFIG_CHECKS), ...Object.keys(LIVE_CHECKS), ...Object.keys(SOURCE_CHECKS), ...Object.keys(MANIFEST_CHECKS), ...BOOT_CHECKS];
}

/** A rule's finding for one hit; `severity` overrides the rule's (client rules not forced by the target). */
export function toFinding(rule: Rule, hit: Hit, ctx: Pick<CheckContext, 'path'>, severity = rule.severity): Finding {
  const vars = { from: formatVersion(ctx.path.from), target: formatVersion(ctx.path.target), ...hit.vars };
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    message: render(rule.message, vars),
    location: hit.location,
    evidence: hit.evidence,
    fix: render(rule.fix, vars),
    references: hit.references?.length ? [...hit.references, ...rule.references.filter((r) => !hit.references?.some((h) => h.url === r.url))] : rule.references,
    fingerprint: fingerprintOf(rule.id, hit.location, hit.key),
  };
  if (rule.blocksStartup) finding.blocksStartup = true;
  const subject = hit.subject ?? rule.subject ?? subjectOf(rule, hit.vars);
  if (subject) finding.subject = subject;
  const boundary = hit.boundary ?? ruleBoundary(rule, ctx.path);
  if (boundary) finding.boundary = boundary;
  return finding;
}

/** The subject a hit's vars name: a command, a directive, or (for manifest rules) a client library. */
function subjectOf(rule: Rule, vars: Record<string, string>): string | undefined {
  if (vars.command) return `command:${vars.command.toLowerCase()}`;
  if (vars.directive) return `directive:${vars.directive.toLowerCase()}`;
  if (vars.library && rule.inputs.includes('manifest')) return `library:${vars.library}`;
  return undefined;
}

/** Runs every applicable rule on one configuration document: `config` rules on redis.conf and sentinel.conf, `acl-file` rules on an ACL file. */
export function checkConfigDocument(doc: ConfigDocument, rules: Rule[], ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const input = doc.kind === 'acl' ? 'acl-file' : 'config';
  for (const rule of rules) {
    if (!rule.inputs.includes(input) || !ruleApplies(rule, ctx.path)) continue;
    let hits: Hit[] = [];
    if (rule.check) {
      const check = CONFIG_CHECKS[rule.check];
      if (!check) continue;
      hits = check(doc, ctx);
    } else if (rule.match) {
      const result = matchConfig(rule.match, doc, ctx.all);
      if (!result) continue;
      hits = result.anchors.length
        ? result.anchors.map((d) => directiveHit(d, d.args.join(' '), {}))
        : [{ location: { file: doc.file }, evidence: `${doc.file} (${doc.directives.length} directives)`, key: 'file', vars: {} }];
    }
    findings.push(...hits.map((h) => toFinding(rule, h, ctx)));
  }
  return findings;
}

/** Runs every applicable live rule on a snapshot. */
export function checkSnapshot(snap: Snapshot, rules: Rule[], ctx: LiveContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!rule.inputs.includes('live') || !rule.check || !ruleApplies(rule, ctx.path)) continue;
    const check = LIVE_CHECKS[rule.check];
    if (!check) continue;
    findings.push(...check(snap, ctx).map((h) => toFinding(rule, h, ctx)));
  }
  return findings;
}
