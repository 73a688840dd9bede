import { resolve } from 'node:path';
import type { ConfigDocument, Directive } from '../../inputs/config/document.js';
import { REDACTED, SECRET_CONFIGS } from '../../inputs/live/redact.js';
import type { NodeSnapshot, Snapshot } from '../../inputs/live/snapshot.js';
import type { Finding } from '../../report/finding.js';
import type { Rule } from '../../rulepack/types.js';
import { formatVersion, lineOf } from '../../versions/version.js';
import { ruleApplies } from '../applies.js';
import type { CheckContext, Hit } from '../context.js';
import { toFinding } from '../engine.js';
import type { DirectiveLookup } from '../tables.js';
import { bufferClasses, comparableValue } from './config-values.js';
import { effectiveConfig } from './effective-config.js';
import { nodeRole, nodeVersion } from './node-facts.js';

/** A configuration file matched to a running node, and why they were matched. */
export interface FileMatch { doc: ConfigDocument; node: NodeSnapshot; by: string }

/** The port a node listens on (CONFIG GET port, INFO tcp_port, its address). */
function nodePort(n: NodeSnapshot): string {
  return n.config?.port ?? n.info.server?.tcp_port ?? n.address.slice(n.address.lastIndexOf(':') + 1);
}

/** The port a file sets: its last `port` line, else the server's default 6379. */
function filePort(doc: ConfigDocument): string {
  return doc.directives.filter((d) => d.name === 'port').at(-1)?.args[0] ?? '6379';
}

/**
 * Which running node each server configuration file describes, in this order:
 * 1. the node's INFO `config_file` is the file (the linter runs where the server does);
 * 2. one file and a deployment whose nodes all listen on one port (one node, or one port on
 *    every host): the file applies to every node;
 * 3. the file's `port` (6379 when it sets none) is the node's port.
 * A file that matches no node, or a node that several files match by port, is listed in
 * `notChecked` and not compared. Sentinel files are not compared (Sentinel rewrites its own).
 */
export function matchFilesToNodes(docs: ConfigDocument[], nodes: NodeSnapshot[], cwd: string, notChecked: CheckContext['notChecked']): FileMatch[] {
  const servers = docs.filter((d) => d.kind === 'server');
  for (const d of docs.filter((x) => x.kind === 'sentinel')) {
    notChecked.push({ input: d.file, reason: 'a sentinel.conf is not compared with a running configuration (Sentinel rewrites its own file)' });
  }
  const data = nodes.filter((n) => n.reachable);
  const matches: FileMatch[] = [];
  const byPort: FileMatch[] = [];
  const ports = new Set(data.map(nodePort));
  for (const doc of servers) {
    const path = resolve(cwd, doc.file);
    const byFile = data.filter((n) => n.info.server?.config_file && resolve(n.info.server.config_file) === path);
    if (byFile.length) {
      matches.push(...byFile.map((node) => ({ doc, node, by: `its INFO config_file ${path}` })));
    } else if (servers.length === 1 && ports.size === 1) {
      const why = data.length === 1 ? 'the only file and the only node' : `the only file, and every node listens on port ${[...ports][0]}`;
      matches.push(...data.map((node) => ({ doc, node, by: why })));
    } else {
      const port = filePort(doc);
      const found = data.filter((n) => nodePort(n) === port);
      if (!found.length) {
        notChecked.push({ input: doc.file, reason: `matched no running node: its port ${port} is none of the nodes' (${[...ports].sort().join(', ')}), and no node's INFO config_file names it; not compared with CONFIG GET` });
      }
      byPort.push(...found.map((node) => ({ doc, node, by: `its port ${port}` })));
    }
  }
  for (const m of byPort) {
    const rivals = byPort.filter((x) => x.node === m.node);
    if (rivals.length === 1) { matches.push(m); continue; }
    if (rivals[0] === m) notChecked.push({ input: m.node.address, reason: `several files set its port ${nodePort(m.node)} (${rivals.map((x) => x.doc.file).join(', ')}): none compared with its CONFIG GET` });
  }
  return matches;
}

/** The table of the node's own release line, for value types and defaults (else the source's). */
function tableOf(n: NodeSnapshot, ctx: CheckContext): DirectiveLookup {
  const v = nodeVersion(n);
  return (v && ctx.all.find((l) => l.table.flavor === v.flavor && l.table.line === lineOf(v))) || ctx.from;
}

/** The running value of a directive under any of its names (CONFIG GET lists aliases on some versions only). */
function runningValue(n: NodeSnapshot, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = n.config?.[name];
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function isSecret(name: string): boolean {
  return SECRET_CONFIGS.has(name) || /pass/i.test(name);
}

function shown(value: string): string {
  return value === '' ? '""' : value;
}

/** What the comparison of one file with one node found, before rules turn it into findings. */
interface Comparison { differs: Hit[]; notInFile: Hit[] }

/** Directives of a file not compared, by why: secrets, not shown by CONFIG GET, unknown, relative paths. */
interface Skipped { secrets: Set<string>; hidden: Set<string>; unknown: Set<string>; relative: Set<string> }

function noneSkipped(): Skipped {
  return { secrets: new Set(), hidden: new Set(), unknown: new Set(), relative: new Set() };
}

function compare(m: FileMatch, ctx: CheckContext, skipped: Skipped): Comparison {
  const { doc, node } = m;
  const table = tableOf(node, ctx);
  const out: Comparison = { differs: [], notInFile: [] };
  const groups = new Map<string, Directive[]>();
  for (const d of doc.directives) {
    const canonical = table.canonical(d.name);
    groups.set(canonical, [...(groups.get(canonical) ?? []), d]);
  }
  const vars = { node: node.address, role: nodeRole(node), file: doc.file, matchedBy: m.by };
  for (const [name, lines] of groups) {
    const spec = table.effective(name);
    if (spec?.ignored) continue; // accepted and ignored by this version: nothing runs it
    const running = runningValue(node, table.names(name));
    if (isSecret(name) || running?.value === REDACTED) { skipped.secrets.add(name); continue; }
    if (!running) { (spec ? skipped.hidden : skipped.unknown).add(name); continue; }
    const last = lines[lines.length - 1] as Directive;
    const classes = name === 'client-output-buffer-limit' ? bufferClasses(lines.map((d) => d.args)) : undefined;
    const inFile = comparableValue(name, spec, lines.map((d) => d.args), classes);
    const now = comparableValue(name, spec, [running.value.split(/\s+/).filter(Boolean)], classes);
    if (inFile === undefined || now === undefined) { skipped.relative.add(`${name} ${last.args.join(' ')}`); continue; }
    if (inFile === now) continue;
    const fileValue = lines.length > 1 && spec?.repeatable ? lines.map((d) => d.args.join(' ')).join(' + ') : last.args.join(' ');
    out.differs.push({
      location: { file: last.file, line: last.line },
      evidence: `${last.text} ↔ CONFIG GET ${running.name} on ${node.address}: ${shown(running.value)}`,
      key: `${node.address}:${name}`,
      vars: { ...vars, directive: name, fileValue: shown(fileValue), running: shown(running.value) },
      subject: `directive:${name}`,
    });
  }
  const target = ctx.target;
  for (const d of effectiveConfig(node, table).directives) {
    if (groups.has(d.name) || out.notInFile.some((h) => h.vars.directive === d.name)) continue;
    const running = node.config?.[d.name] ?? '';
    const spec = target.effective(d.name);
    if (!spec || spec.defaultVaries || spec.default === undefined) continue;
    // A restart on the target gives the target's default: nothing changes when it equals the running value.
    if (comparableValue(d.name, spec, [spec.default.split(/\s+/).filter(Boolean)]) === comparableValue(d.name, spec, [running.split(/\s+/).filter(Boolean)])) continue;
    out.notInFile.push({
      location: { file: doc.file },
      evidence: `CONFIG GET ${d.name} on ${node.address}: ${shown(running)}; not set in ${doc.file}; default on ${target.label}: ${shown(spec.default)}`,
      key: `${node.address}:${d.name}`,
      vars: { ...vars, directive: d.name, running: shown(running), targetDefault: shown(spec.default), target: formatVersion(ctx.path.target) },
      subject: `directive:${d.name}`,
    });
  }
  return out;
}

/** Checks that need a file and a snapshot together (LIVE_CHECKS names them too, with nothing to do on a snapshot alone). */
export const FILE_VS_RUNNING_CHECKS = ['running-differs', 'running-not-in-file'] as const;

/**
 * Compares each server configuration file with the running configuration (CONFIG GET) of the
 * nodes it describes (see matchFilesToNodes), for the rules whose check is `running-differs`
 * (a directive the file sets to another value than the node runs, after normalising units, case,
 * `save` and buffer-limit forms: a CONFIG SET without CONFIG REWRITE, or a command-line
 * override, that the upgrade's restart undoes) or `running-not-in-file` (a setting the node runs
 * away from the default, which the file does not set, whose target default differs).
 * Secrets (requirepass, masterauth and every *pass* setting, redacted in snapshots) are never
 * compared; they, directives CONFIG GET does not show (include, rename-command, user, loadmodule)
 * and files matched to no node are listed in `ctx.notChecked`.
 * @param rules the selected rules; only those naming the two checks are run
 * @returns findings located at the file (the line for `running-differs`), subject `directive:<name>`
 */
export function checkFileVsRunning(docs: ConfigDocument[], snapshots: Snapshot[], rules: Rule[], ctx: CheckContext): Finding[] {
  const selected = rules.filter((r) => r.check && (FILE_VS_RUNNING_CHECKS as readonly string[]).includes(r.check) && ruleApplies(r, ctx.path));
  if (!selected.length || !docs.length || !snapshots.length) return [];
  const nodes = snapshots.flatMap((s) => s.nodes);
  const findings: Finding[] = [];
  const notes = new Map<string, Skipped>();
  for (const m of matchFilesToNodes(docs, nodes, ctx.cwd, ctx.notChecked)) {
    if (!m.node.config) {
      ctx.notChecked.push({ input: `${m.doc.file} ↔ ${m.node.address}`, reason: 'no CONFIG GET from the node (see its skipped commands): not compared' });
      continue;
    }
    const note = notes.get(m.doc.file) ?? noneSkipped();
    notes.set(m.doc.file, note);
    const c = compare(m, ctx, note);
    for (const rule of selected) {
      const hits = rule.check === 'running-differs' ? c.differs : c.notInFile;
      findings.push(...hits.map((h) => toFinding(rule, h, ctx)));
    }
  }
  for (const [file, n] of notes) {
    // By design, not a gap --strict should fail on: secrets are never read back, and CONFIG GET has no such settings.
    if (n.secrets.size) ctx.notChecked.push({ input: file, reason: `${[...n.secrets].sort().join(', ')}: secrets, redacted from CONFIG GET and never compared with the running configuration`, notApplicable: true });
    if (n.hidden.size) ctx.notChecked.push({ input: file, reason: `${[...n.hidden].sort().join(', ')}: not shown by CONFIG GET, not compared with the running configuration`, notApplicable: true });
    if (n.unknown.size) ctx.notChecked.push({ input: file, reason: `${[...n.unknown].sort().join(', ')}: unknown to the running version's table and absent from CONFIG GET, not compared` });
    if (n.relative.size) ctx.notChecked.push({ input: file, reason: `${[...n.relative].sort().join(', ')}: a relative path, resolved against the server's working directory, not compared with CONFIG GET` });
  }
  return findings;
}
