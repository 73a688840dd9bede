import type { Acknowledgement } from '../inputs/acknowledgements.js';
import type { ManualCheckReport } from '../report/report.js';
import type { NotChecked } from '../report/finding.js';
import type { InputKind, ManualCheck } from '../rulepack/types.js';
import type { UpgradePath } from '../versions/path.js';
import { ruleApplies } from './applies.js';

/** Does a manual check apply to this path and to a run with these kinds of input? */
function manualApplies(m: ManualCheck, path: UpgradePath, inputs: Set<InputKind>): boolean {
  if (path.direction === 'same') return false;
  if (m.crossFlavor && path.from.flavor === path.target.flavor) return false;
  if (m.inputs && !m.inputs.some((k) => inputs.has(k))) return false;
  return ruleApplies(m, path);
}

/**
 * The manual checks that apply to the run, each with its status: `done` when an acknowledgement
 * for it is dated on or before `today` and expires on or after it; `expired` (still open) when its
 * newest acknowledgement has expired; `open` otherwise. Acknowledgements naming no known manual
 * check are appended to `notChecked`, so a typo is not mistaken for a done check.
 * @param today YYYY-MM-DD (the run's local date).
 */
export function manualChecks(all: ManualCheck[], acks: Acknowledgement[], path: UpgradePath, inputs: Set<InputKind>, today: string, notChecked: NotChecked[]): ManualCheckReport[] {
  const known = new Set(all.map((m) => m.id));
  for (const a of acks) {
    if (!known.has(a.check)) notChecked.push({ input: a.file, reason: `acknowledges '${a.check}', which no pack declares as a manual check (see: redis-upgrade-lint rules list)` });
    else if (a.date > today) notChecked.push({ input: a.file, reason: `acknowledges '${a.check}' on ${a.date}, after today (${today}): it counts from that day` });
  }
  return all.filter((m) => manualApplies(m, path, inputs)).map((m) => {
    const mine = acks.filter((a) => a.check === m.id && a.date <= today).sort((a, b) => (a.expires < b.expires ? 1 : -1));
    const ack = mine[0];
    const status = !ack ? 'open' : ack.expires >= today ? 'done' : 'expired';
    const report: ManualCheckReport = { id: m.id, title: m.title, description: m.description.trim(), status, references: m.references };
    if (ack) report.acknowledgement = { by: ack.by, date: ack.date, ticket: ack.ticket, expires: ack.expires, ...(ack.note ? { note: ack.note } : {}), file: ack.file };
    return report;
  });
}

/** Today in the local time zone, YYYY-MM-DD: the day an acknowledgement's expiry is judged on. */
export function localDate(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
