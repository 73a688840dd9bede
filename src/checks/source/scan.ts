import type { NapiConfig } from '@ast-grep/napi';
import type { SourceEntry } from '../../inputs/collect.js';
import { readSourceBytes, SourceFile } from '../../inputs/source/file.js';
import { constantsOf, importMatches, importsOf } from '../../inputs/source/imports.js';
import { languageCovers, type SourceLanguage } from '../../inputs/source/languages.js';
import type { Finding, NotChecked } from '../../report/finding.js';
import type { Rule } from '../../rulepack/types.js';
import { messageOf } from '../../errors.js';
import type { Version } from '../../versions/version.js';
import type { Hit } from '../context.js';
import { applySuppressions, type Suppressed } from '../suppress.js';
import { toFinding } from '../engine.js';
import type { SourceContext } from './context.js';
import { SOURCE_CHECKS } from './index.js';
import { libraryBoundary, libraryRuleApplies, librarySeverity, type LibraryPlan } from './libraries.js';
import { passes, prefilterOf } from './prefilter.js';
import { napiConfig } from './rule-config.js';

interface CompiledRule {
  rule: Rule;
  plan: LibraryPlan;
  languages: SourceLanguage[];
  config: NapiConfig;
  prefilter: string[] | undefined;
}

/** What a source scan did: findings, and how many files were read and parsed. */
export interface SourceScanResult {
  findings: Finding[];
  /** Files read (after the walk). */
  scanned: number;
  /** Files that passed the literal prefilter and were parsed. */
  parsed: number;
  /** Source files that were read but import no client library the packs know. */
  outOfScope: number;
  notChecked: NotChecked[];
  /** Names of the client packs whose library some file imports. */
  imported: Set<string>;
  /** Findings an inline `redis-upgrade-lint: ignore` comment left out. */
  suppressed: Suppressed[];
}

/** What a Lua file must contain to be parsed: `redis.call` or `redis.pcall`. */
const LUA_GATE = ['redis.call', 'redis.pcall'].map((t) => Buffer.from(t));

/**
 * A prefilter literal, searched in a file's bytes before they are decoded: an ASCII literal in the
 * bytes themselves (UTF-8 decoding keeps every ASCII byte as it is and makes no ASCII character
 * out of other bytes, so the decoded text contains it exactly when the bytes do); any other in the
 * decoded text. Most files fail every literal and are never decoded.
 */
class Literal {
  private readonly bytes: Buffer | undefined;
  constructor(readonly text: string) {
    this.bytes = /^[\x00-\x7f]*$/.test(text) ? Buffer.from(text) : undefined;
  }

  in(bytes: Buffer, decoded: () => string): boolean {
    return this.bytes ? bytes.includes(this.bytes) : decoded().includes(this.text);
  }
}

function compile(rules: Rule[], plans: LibraryPlan[], target: Version): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const plan of plans) {
    for (const rule of rules) {
      if (rule.pack !== plan.pack.name || !rule.source || !rule.inputs.includes('source')) continue;
      if (!libraryRuleApplies(rule, plan, target)) continue;
      const languages = Array.isArray(rule.source.language) ? rule.source.language : [rule.source.language];
      out.push({ rule, plan, languages, config: napiConfig(rule.source), prefilter: rule.source.prefilter ?? prefilterOf(rule.source.rule, rule.source.constraints) });
    }
  }
  return out;
}

function hitsOf(c: CompiledRule, file: SourceFile): Hit[] {
  return file.root().findAll(c.config).map((m) => {
    const node = (c.rule.source?.anchor && m.getMatch(c.rule.source.anchor)) || m;
    const start = node.range().start;
    const line = start.line + 1;
    return {
      location: { file: file.path, line, column: start.column + 1 },
      evidence: file.line(line).trim().slice(0, 200),
      key: node.text().replace(/\s+/g, ' ').slice(0, 200),
      vars: { library: c.plan.pack.name, libraryFrom: c.plan.from ?? 'any version', libraryGoal: c.plan.goal },
    };
  });
}

/**
 * Scans source files: a cheap literal prefilter (the file must name a library's module) decides
 * which files are parsed; a parsed file is in scope for the libraries it imports, and only their
 * rules run on it (so `hmset` on an unrelated object in a file without a Redis client is never
 * reported). Generic checks (commands in code) run on files that import any known client, and on
 * Lua files that call `redis.call`. Unreadable, binary and very large files become `notChecked`.
 */
export function scanSources(entries: SourceEntry[], plans: LibraryPlan[], rules: Rule[], ctx: SourceContext): SourceScanResult {
  const result: SourceScanResult = { findings: [], scanned: 0, parsed: 0, outOfScope: 0, notChecked: [], suppressed: [], imported: new Set() };
  const compiled = compile(rules, plans, ctx.path.target);
  const generic = rules.filter((r) => r.check && SOURCE_CHECKS[r.check] && r.inputs.includes('source'));
  const gates = plans.flatMap((p) => [
    ...p.pack.library.imports.map((module) => ({ module, plan: p, constant: false })),
    // Bundler requires the gems of a Gemfile itself: a declared gem's constant is as good as a require.
    ...(p.declared.length ? (p.pack.library.constants ?? []).map((module) => ({ module, plan: p, constant: true })) : []),
  ]);
  const literals = gates.map((g) => new Literal(g.module));
  for (const entry of entries) {
    // The bytes are in a buffer the next read reuses: only a file that passes the gate is decoded.
    const read = readSourceBytes(entry.path, entry.size);
    if ('skipped' in read) { result.notChecked.push({ input: entry.path, reason: read.skipped }); continue; }
    result.scanned++;
    const bytes = read.bytes;
    let text: string | undefined;
    const decoded = () => (text ??= bytes.toString('utf8'));
    const candidates = entry.language === 'lua'
      ? []
      : gates.filter((g, i) => g.plan.pack.library.languages.some((l) => languageCovers(l, entry.language)) && (literals[i] as Literal).in(bytes, decoded));
    if (entry.language === 'lua' ? !LUA_GATE.some((l) => bytes.includes(l)) : candidates.length === 0) { result.outOfScope++; continue; }
    const file = new SourceFile(entry.path, entry.language, decoded());
    let libraries: LibraryPlan[] = [];
    try {
      if (entry.language !== 'lua') {
        const imported = importsOf(file);
        const constants = candidates.some((g) => g.constant) ? constantsOf(file) : new Set<string>();
        libraries = [...new Set(candidates.filter((g) => (g.constant ? constants.has(g.module) : imported.some((i) => importMatches(i.module, g.module)))).map((g) => g.plan))];
        if (libraries.length === 0) { result.outOfScope++; continue; }
      }
      result.parsed++;
      for (const l of libraries) result.imported.add(l.pack.name);
      const found: Finding[] = [];
      for (const c of compiled) {
        if (!libraries.includes(c.plan) || !c.languages.some((l) => languageCovers(l, entry.language)) || !passes(file.text, c.prefilter)) continue;
        const severity = librarySeverity(c.rule, c.plan);
        const boundary = libraryBoundary(c.rule, c.plan);
        for (const h of hitsOf(c, file)) found.push(toFinding(c.rule, { ...h, ...(boundary ? { boundary } : {}) }, ctx, severity));
      }
      for (const rule of generic) {
        const check = SOURCE_CHECKS[rule.check as string];
        if (!check) continue;
        for (const h of check({ file, libraries }, ctx, rule.params ?? {})) found.push(toFinding(rule, h, ctx));
      }
      const { kept, suppressed } = applySuppressions(found, (_, n) => file.line(n));
      result.findings.push(...kept);
      result.suppressed.push(...suppressed);
    } catch (err) {
      result.notChecked.push({ input: entry.path, reason: `could not be analysed: ${messageOf(err)}` });
    }
  }
  return result;
}
