import { formatLocation, type Finding } from './finding.js';
import { openManual, type Report, type ReportInput } from './report.js';
import { VERDICT_TEXT, verdictOf } from './verdict.js';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function findingBlock(f: Finding): string[] {
  const tags = [f.blocksStartup ? '**blocks startup**' : '', f.baseline === 'new' ? '**new**' : '', f.boundary ? `_${f.boundary}_` : ''].filter(Boolean).join(' · ');
  return [
    `- **${esc(f.ruleId)}** at \`${formatLocation(f.location)}\`${tags ? ` (${tags})` : ''}`,
    `  ${f.message}`,
    `  - Fix: ${f.fix}`,
    `  - Evidence: ${code(f.evidence)}`,
    ...(f.related?.length ? [`  - Also seen in ${f.related.length} other place(s):`, ...f.related.map((r) => `    - \`${formatLocation(r.location)}\` ${r.ruleId}: ${code(r.evidence)}`)] : []),
    `  - Sources: ${f.references.map((r) => `[${r.title}](${r.url})`).join(', ')}`,
  ];
}

/** What one input contributed, in words: `config, 42 directives (2 files)`, `boot with redis@7.0.15: started`. */
function inputDetails(i: ReportInput): string {
  switch (i.kind) {
    case 'acl-file': return `ACL file, ${i.directives} user line${i.directives === 1 ? '' : 's'}`;
    case 'config': case 'sentinel-config': return `${i.kind}, ${i.directives} directives${i.files.length > 1 ? ` (${i.files.length} files with includes)` : ''}`;
    case 'live': case 'snapshot': return `${i.kind} ${i.topology}, ${i.nodes} node(s)`;
    case 'manifest': return `manifest, ${i.dependencies} dependencies`;
    case 'source': return `${i.files} source files, ${i.parsed} using a client library parsed`;
    default: return `${i.kind === 'boot' ? 'booted' : i.kind} with ${i.version} (${i.binary}): ${i.outcome}`;
  }
}

/**
 * The report as Markdown for a change ticket: the verdict first, then blockers with their fixes,
 * warnings, the rolling-upgrade plan, rollback notes, what could not be checked, and the tool and
 * pack versions that produced it.
 */
export function formatMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# Redis upgrade review: ${report.from.version} → ${report.target.version}`, '');
  out.push(`**Verdict: ${VERDICT_TEXT[verdictOf(s)]}.**`, '');
  out.push(`${report.path.description}. Source version: ${report.from.version}${report.from.source === 'inferred' && report.from.reason ? ` (inferred: ${report.from.reason})` : ''}.`, '');
  out.push('| errors | of which block startup | warnings | info | not checked | suppressed |', '|---|---|---|---|---|---|');
  out.push(`| ${s.error} | ${s.blocksStartup} | ${s.warning} | ${s.info} | ${report.notChecked.length} | ${report.suppressed.length} |`, '');
  if (report.baseline) {
    const b = report.baseline;
    out.push(`Compared with \`${b.file}\`: ${b.new} new, ${b.unchanged} unchanged, ${b.fixed.length} fixed.`, '');
  }
  const errors = report.findings.filter((f) => f.severity === 'error');
  const warnings = report.findings.filter((f) => f.severity === 'warning');
  const info = report.findings.filter((f) => f.severity === 'info');
  if (errors.length) out.push(`## Blockers (${errors.length})`, '', ...errors.flatMap(findingBlock), '');
  if (warnings.length) out.push(`## Warnings (${warnings.length})`, '', ...warnings.flatMap(findingBlock), '');
  if (info.length) out.push(`## Information (${info.length})`, '', ...info.flatMap(findingBlock), '');
  if (report.plan.length) {
    out.push('## Rolling-upgrade plan', '', '| # | node | action | gate before the next step |', '|---|---|---|---|');
    for (const p of report.plan) out.push(`| ${p.order} | ${esc(p.node)} | ${esc(p.action)} | ${esc(p.gate)} |`);
    out.push('');
  }
  const rollback = report.findings.filter((f) => /rollback|rdb/.test(f.ruleId));
  out.push('## Rollback notes', '');
  if (report.path.direction === 'rollback' || report.path.direction === 'cross') out.push(`- This move is ${report.path.direction === 'rollback' ? 'a rollback' : 'partly a rollback'}: the target lacks ${report.path.lost.join(', ') || 'patch releases of the source'}.`);
  for (const f of rollback) out.push(`- ${f.message} (\`${formatLocation(f.location)}\`)`);
  if (rollback.length === 0 && report.path.direction === 'upgrade') out.push('- No finding about rollback. Once the target has written an RDB or AOF file, check that the source can still load it before you rely on a rollback.');
  out.push('');
  if (report.libraries.length) {
    out.push('## Client libraries', '', '| library | from | to | why |', '|---|---|---|---|');
    for (const l of report.libraries) out.push(`| ${l.name}${l.scope ? ` (${esc(l.scope)})` : ''} | ${l.from ?? 'unknown'}${l.fromWhere ? ` (${esc(l.fromWhere)})` : ''} | ${l.goal} | ${esc(l.goalReason)} |`);
    out.push('');
  }
  if (report.manualChecks.length) {
    out.push(`## Manual checks (${openManual(report)} open)`, '', '| status | check | what to do | acknowledged |', '|---|---|---|---|');
    for (const m of report.manualChecks) {
      const a = m.acknowledgement;
      out.push(`| ${m.status === 'done' ? 'done' : `**${m.status}**`} | ${esc(m.title)} (\`${m.id}\`) | ${esc(m.description)} | ${a ? esc(`${a.by}, ${a.date}, ${a.ticket}, until ${a.expires}${a.note ? `: ${a.note}` : ''}`) : ''} |`);
    }
    out.push('');
  }
  const skipped = report.rules.notApplied.reduce((n, g) => n + g.rules.length, 0);
  out.push('## Coverage', '', '| input | what was read |', '|---|---|', ...report.inputs.map((i) => `| \`${esc(i.path)}\` | ${esc(inputDetails(i))} |`), '');
  out.push(`${report.rules.applied.length} rules applied (they ran on the inputs; most find nothing); ${skipped} did not apply:`, '');
  for (const g of report.rules.notApplied) out.push(`- ${g.rules.length} ${esc(g.reason)}`);
  out.push('', '<details><summary>Rules that applied</summary>', '', report.rules.applied.map((id) => `\`${id}\``).join(', ') || 'none', '', '</details>', '');
  if (report.notChecked.length) {
    out.push(`## Not checked (${report.notChecked.length})`, '');
    for (const n of report.notChecked) out.push(`- \`${n.input}\`: ${n.reason}`);
    out.push('');
  }
  if (report.suppressed.length) {
    out.push(`## Suppressed (${report.suppressed.length})`, '');
    for (const x of report.suppressed) out.push(`- ${x.ruleId} at \`${formatLocation(x.location)}\`: ${x.reason}`);
    out.push('');
  }
  out.push('---', `Produced by ${report.tool.name} ${report.tool.version} with packs ${report.tool.packs.map((p) => `${p.name} (checked ${p.checked})`).join(', ')}.`);
  return `${out.join('\n')}\n`;
}
