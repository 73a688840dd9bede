import { compareFindings, severityRank, type Finding, type RelatedEvidence } from '../report/finding.js';

/** Where a finding was seen: a file (configuration, code, manifest) or a running instance. */
function side(f: Finding): 'file' | 'instance' {
  return 'file' in f.location ? 'file' : 'instance';
}

function related(f: Finding): RelatedEvidence {
  const r: RelatedEvidence = { ruleId: f.ruleId, severity: f.severity, message: f.message, location: f.location, evidence: f.evidence, fingerprint: f.fingerprint };
  if (f.boundary) r.boundary = f.boundary;
  return r;
}

/**
 * Joins findings on the same subject (a command, a directive, a client library) that were seen
 * both in files and on running instances: GEORADIUS sent by the code and counted in INFO
 * commandstats, a directive in redis.conf and its value in CONFIG GET, a library pinned in a
 * manifest and connected as shown by CLIENT LIST. Each such group becomes one finding: the most
 * severe member (a file location first on a tie, so SARIF can place it) carries the others in
 * `related[]`, ordered like findings. Findings seen on one side only are left as they are, so a
 * code-only run keeps one finding per call site.
 * @param findings sorted with compareFindings; the result keeps that order.
 */
export function joinFindings(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.subject) continue;
    const g = groups.get(f.subject);
    if (g) g.push(f); else groups.set(f.subject, [f]);
  }
  const absorbed = new Set<Finding>();
  for (const group of groups.values()) {
    if (new Set(group.map(side)).size < 2) continue;
    const lead = [...group].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)
      || (side(a) === side(b) ? 0 : side(a) === 'file' ? -1 : 1) || compareFindings(a, b))[0] as Finding;
    const rest = group.filter((f) => f !== lead).sort(compareFindings);
    lead.related = rest.map(related);
    for (const f of rest) absorbed.add(f);
  }
  return findings.filter((f) => !absorbed.has(f));
}
