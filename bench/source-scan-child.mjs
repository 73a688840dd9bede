// Runs one whole check of a directory in its own process, for the source-scan benchmark:
// `node bench/source-scan-child.mjs DIR` prints one JSON line with the findings count, the
// files scanned and parsed, the in-process time and the peak RSS (KiB).
import { performance } from 'node:perf_hooks';
import { runCheck } from '../dist/src/checks/run.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/source-scan-child.mjs DIR');
const t = performance.now();
const { report } = runCheck({ paths: [dir], target: 'redis@7.4' });
const ms = performance.now() - t;
const source = report.inputs.find((i) => i.kind === 'source');
const byRule = {};
for (const f of report.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({
  findings: report.findings.length,
  byRule,
  scanned: source?.files ?? 0,
  parsed: source?.parsed ?? 0,
  notChecked: report.notChecked.length,
  runCheckMs: ms,
  maxRssKiB: process.resourceUsage().maxRSS,
})}\n`);
