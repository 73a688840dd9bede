import type { BootFacts } from '../../inputs/boot/boot.js';
import type { DataCheckFacts } from '../../inputs/boot/data-check.js';
import { formatLocation, type FileLocation, type Finding } from '../../report/finding.js';
import type { Hit } from '../context.js';
import type { BootCheck } from './names.js';

/** A hit for one of the checks of rules/proof/boot.yaml. */
export interface BootHit { check: BootCheck; hit: Hit }

const MAX_REASON = 300;

/**
 * The one line that says why a server refused: `'LINE': reason` for a configuration line it
 * names (the echo already redacted), else its first message that is not the banner.
 */
export function reasonOf(errorLines: string[]): string {
  const echo = errorLines.findIndex((l) => l.startsWith(">>> '"));
  const text = echo >= 0
    ? `${(errorLines[echo] as string).slice(4)}: ${errorLines[echo + 1] ?? 'refused'}`
    : errorLines.find((l) => !/^\*\*\* FATAL CONFIG FILE ERROR|^Reading the configuration file/.test(l)) ?? 'exited without a message';
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text;
}

/** Does a predicted blocker stand for a refusal at `at`: same file and line, or the whole file. */
function covers(f: Finding, at: FileLocation): boolean {
  return 'file' in f.location && f.location.file === at.file && (f.location.line === undefined || f.location.line === at.line);
}

function listOf(findings: Finding[]): string {
  const shown = findings.slice(0, 5).map((f) => `${f.ruleId} at ${formatLocation(f.location)}`);
  return `${shown.join(', ')}${findings.length > 5 ? ` and ${findings.length - 5} more` : ''}`;
}

/**
 * What booting one configuration proves, against what the packs predicted for it.
 * @param predicted the report's blocksStartup findings located in this configuration's files
 * @param names `server`: `redis 7.0.15 (/usr/bin/redis-server)`; `packs`: the packs that made the predictions, or what should have
 */
export function bootHits(facts: BootFacts, predicted: Finding[], names: { server: string; packs: string; timeoutMs: number }): BootHit[] {
  const conf: FileLocation = { file: facts.conf };
  const { server, packs } = names;
  const hits: BootHit[] = [];
  const mismatch = (location: Hit['location'], key: string, vars: { predicted: string; observed: string }, evidence: string) =>
    hits.push({ check: 'boot-prediction-mismatch', hit: { location, key, evidence, vars: { server, packs, ...vars } } });
  if (facts.outcome === 'started') {
    hits.push({ check: 'boot-started', hit: { location: conf, key: 'started', vars: { server },
      evidence: `answered PING on a loopback port; the booted copy changed: ${facts.changes.join('; ')}` } });
    if (predicted.length) {
      mismatch((predicted[0] as Finding).location, 'predicted-refusal', { predicted: `a refusal (${listOf(predicted)})`, observed: 'started and answered PING' },
        `predicted: ${predicted.slice(0, 5).map((f) => `${f.ruleId}: ${f.message}`).join(' | ')} | server: started`);
    }
  } else if (facts.outcome === 'refused') {
    const where = facts.refusedAt ?? conf;
    const reason = reasonOf(facts.errorLines);
    const evidence = facts.errorLines.join(' | ') || `exit status ${String(facts.exitCode)}${facts.signal ? `, signal ${facts.signal}` : ''}`;
    hits.push({ check: 'boot-refused', hit: { location: where, key: `refused:${reason}`, vars: { server, reason }, evidence } });
    if (!predicted.length) {
      mismatch(where, 'missed-refusal', { predicted: 'no refusal', observed: `refused to start (${reason})` }, `predicted: no blocksStartup finding | server: ${evidence}`);
    } else if (facts.refusedAt && !predicted.some((f) => covers(f, facts.refusedAt as FileLocation))) {
      // The server stops at its first error: a line it names that no prediction covers was missed.
      mismatch(where, 'missed-line', { predicted: `refusals only elsewhere (${listOf(predicted)})`, observed: `refused first at ${formatLocation(where)} (${reason})` },
        `predicted: ${listOf(predicted)} | server: ${evidence}`);
    }
  } else {
    hits.push({ check: 'boot-no-answer', hit: { location: conf, key: 'no-answer', vars: { server, timeout: String(names.timeoutMs) },
      evidence: facts.output.split('\n').filter(Boolean).slice(-5).join(' | ') || 'no output' } });
  }
  return hits;
}

/** The failure of redis-check-rdb / redis-check-aof on a copy of the user's data, if it failed. */
export function dataHits(facts: DataCheckFacts, server: string): BootHit[] {
  if (facts.outcome !== 'failed') return [];
  const lines = facts.errorLines;
  const rdbError = lines.findIndex((l) => l === '--- RDB ERROR DETECTED ---');
  let reason = rdbError >= 0 ? lines[rdbError + 1] ?? 'RDB error'
    : lines[0] ?? `exit status ${String(facts.exitCode)}`;
  reason = reason.replace(/^\[offset \d+\] /, '');
  if (reason.length > MAX_REASON) reason = `${reason.slice(0, MAX_REASON)}…`;
  return [{ check: facts.kind === 'rdb' ? 'rdb-check' : 'aof-check', hit: {
    location: { file: facts.path }, key: `${facts.kind}:${reason}`, vars: { server, tool: facts.tool.name, reason },
    evidence: lines.join(' | ') || `exit status ${String(facts.exitCode)}`,
  } }];
}
