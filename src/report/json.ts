import type { Report } from './report.js';

/** The report as JSON (schemas/report.schema.json), keys in a fixed order, newline-terminated. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
