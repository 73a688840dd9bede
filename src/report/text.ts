import { Chalk, type ChalkInstance } from 'chalk';
import { formatLocation, type Finding } from './finding.js';
import { openManual, type ManualCheckReport, type Report } from './report.js';
import { VERDICT_TEXT } from './verdict.js';
import type { Severity } from '../rulepack/types.js';

export interface TextOptions { color: boolean; verbose?: boolean }

/** Joined evidence lines shown per finding without --verbose. */
const RELATED_SHOWN = 5;

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function paint(c: ChalkInstance, s: Severity, text: string): string {
  return s === 'error' ? c.red.bold(text) : s === 'warning' ? c.yellow.bold(text) : c.cyan(text);
}

function findingLines(c: ChalkInstance, f: Finding, verbose: boolean): string[] {
  const tags = [f.blocksStartup ? c.red('[blocks startup]') : '', f.baseline === 'unchanged' ? c.dim('[in baseline]') : f.baseline === 'new' ? c.bold('[new]') : '', f.boundary ? c.dim(`(${f.boundary})`) : ''].filter(Boolean).join(' ');
  const lines = [
    `  ${c.bold(formatLocation(f.location))}  ${paint(c, f.severity, f.ruleId)} ${tags}`.trimEnd(),
    `    ${f.message}`,
    `    ${c.dim('fix:')} ${f.fix}`,
  ];
  const related = f.related ?? [];
  for (const r of verbose ? related : related.slice(0, RELATED_SHOWN)) lines.push(`    ${c.dim('also:')} ${formatLocation(r.location)}  ${r.ruleId}: ${r.evidence}`);
  if (!verbose && related.length > RELATED_SHOWN) lines.push(`    ${c.dim(`also: ${related.length - RELATED_SHOWN} more (--verbose lists them)`)}`);
  if (verbose) {
    lines.push(`    ${c.dim('evidence:')} ${f.evidence}`);
    for (const r of f.references) lines.push(`    ${c.dim('see:')} ${r.title} <${r.url}>`);
  }
  return lines;
}

/** Who acknowledged a manual check, or when the acknowledgement expired. */
export function manualNote(m: ManualCheckReport): string {
  const a = m.acknowledgement;
  if (!a) return '';
  return m.status === 'expired' ? ` (acknowledged by ${a.by}, ${a.ticket}; expired ${a.expires})` : ` (${a.by}, ${a.date}, ${a.ticket}; until ${a.expires})`;
}

/** Human-readable report: findings grouped by severity, then what was not checked, then one summary line. */
export function formatText(report: Report, opts: TextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const fromNote = report.from.source === 'inferred' ? ` (inferred: ${report.from.reason})` : '';
  out.push(`${c.bold('redis-upgrade-lint')} ${report.tool.version}: ${report.path.description}`);
  out.push(c.dim(`from ${report.from.version}${fromNote}`));
  if (report.path.direction === 'rollback' || report.path.direction === 'cross') {
    out.push(c.yellow(`This is ${report.path.direction === 'rollback' ? 'a rollback' : 'partly a rollback'}: the target lacks ${report.path.lost.join(', ') || 'patch releases of the source'}.`));
  }
  for (const l of report.libraries) {
    out.push(c.dim(`${l.name}${l.scope ? ` in ${l.scope}` : ''}: ${l.from ? `${l.from}${l.fromWhere ? ` (${l.fromWhere})` : ''}` : 'version unknown (every version assumed)'} → ${l.goal}: ${l.goalReason}`));
  }
  for (const sev of ['error', 'warning', 'info'] as const) {
    const group = report.findings.filter((f) => f.severity === sev);
    if (!group.length) continue;
    out.push('', paint(c, sev, `${HEADINGS[sev]} (${group.length})`));
    for (const f of group) out.push(...findingLines(c, f, opts.verbose ?? false));
  }
  if (report.plan.length) {
    out.push('', c.bold(`Rolling-upgrade plan (${report.plan.length} steps; the tool never runs it)`));
    for (const p of report.plan) out.push(`  ${String(p.order).padStart(2)}. ${p.action}`, `      ${c.dim('gate:')} ${p.gate}`);
  }
  if (report.manualChecks.length) {
    const open = report.manualChecks.filter((m) => m.status !== 'done').length;
    out.push('', c.bold(`Manual checks (${open} of ${report.manualChecks.length} open)`));
    for (const m of report.manualChecks) out.push(`  ${m.status === 'done' ? c.green('[done]') : c.yellow(`[${m.status}]`)} ${m.id}: ${m.title}${manualNote(m)}`);
  }
  const skipped = report.rules.notApplied.reduce((n, g) => n + g.rules.length, 0);
  out.push('', `${c.bold('Rules:')} ${report.rules.applied.length} applied, ${skipped} did not apply${opts.verbose || !skipped ? '' : ' (--verbose says why)'}`);
  if (opts.verbose) for (const g of report.rules.notApplied) out.push(`  ${g.rules.length} ${g.reason}: ${g.rules.slice(0, 4).join(', ')}${g.rules.length > 4 ? ', …' : ''}`);
  if (report.notChecked.length) {
    out.push('', c.bold(`Not checked (${report.notChecked.length})`));
    for (const n of report.notChecked) out.push(`  ${n.input}: ${n.reason}`);
  }
  if (report.suppressed.length) {
    out.push('', c.bold(`Suppressed (${report.suppressed.length})`));
    for (const s of report.suppressed) out.push(`  ${formatLocation(s.location)}  ${s.ruleId}: ${s.reason}`);
  }
  const s = report.summary;
  const files = report.inputs.length;
  const extra = [
    report.notChecked.length ? `${report.notChecked.length} not checked` : '',
    report.suppressed.length ? `${report.suppressed.length} suppressed` : '',
    openManual(report) ? `${openManual(report)} manual check(s) open` : '',
    report.baseline ? `baseline ${report.baseline.file}: ${report.baseline.new} new, ${report.baseline.unchanged} unchanged, ${report.baseline.fixed.length} fixed` : '',
  ].filter(Boolean);
  if (report.inputs.length === 0) {
    out.push('', `${c.red('✖')} ${c.bold('Nothing could be checked')}: ${report.notChecked.length} input(s) or part(s) not checked (above)`);
    return `${out.join('\n')}\n`;
  }
  out.push('', `${s.total === 0 ? c.green('✔') : s.error ? c.red('✖') : c.yellow('!')} ${c.bold(VERDICT_TEXT[s.verdict])}: ${s.error} error(s)${s.blocksStartup ? ` (${s.blocksStartup} block startup)` : ''}, ${s.warning} warning(s), ${s.info} info in ${files} input(s)${extra.length ? `, ${extra.join(', ')}` : ''}`);
  return `${out.join('\n')}\n`;
}
