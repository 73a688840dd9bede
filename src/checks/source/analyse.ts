import type { NapiConfig } from '@ast-grep/napi';
import { combinable } from '../../inputs/source/combined.js';
import type { SourceFile } from '../../inputs/source/file.js';
import type { GateTerm } from '../../inputs/source/gate.js';
import { constantsOf, ImportQueries, importMatches, importsOf } from '../../inputs/source/imports.js';
import { astGrepLanguage, languageCovers, type SourceLanguage } from '../../inputs/source/languages.js';
import { astGrep } from '../../inputs/source/napi.js';
import { redactSourceSecrets } from '../../inputs/source/secrets.js';
import type { Finding } from '../../report/finding.js';
import type { Rule } from '../../rulepack/types.js';
import { messageOf } from '../../errors.js';
import type { Hit } from '../context.js';
import { toFinding } from '../engine.js';
import { applySuppressions, type Suppressed } from '../suppress.js';
import { commandStatus } from '../commands.js';
import { commandQueries, narrowedMethodQuery, type CallShape } from './commands-in-code.js';
import type { SourceContext } from './context.js';
import { SOURCE_CHECKS } from './index.js';
import { libraryBoundary, libraryRuleApplies, librarySeverity, PlanScopes, type LibraryPlan } from './libraries.js';
import { passes, prefilterOf } from './prefilter.js';
import { napiConfig } from './rule-config.js';
import { pathBelow } from '../../paths.js';

interface CompiledRule {
  rule: Rule;
  plan: LibraryPlan;
  languages: SourceLanguage[];
  config: NapiConfig;
  prefilter: string[] | undefined;
}

/** A literal whose presence may put a file in scope of a library: one of its modules, or (Ruby, with a manifest) one of its constants. */
export interface ImportGate { module: string; plan: LibraryPlan; constant: boolean }

/**
 * What analysing one file gave: `imported` is undefined for a file out of scope (it imports none of
 * its candidate libraries) or one that failed before its imports were read; `error` is the one-line
 * reason a file could not be analysed (its findings are then left out).
 */
export interface FileOutcome {
  imported?: string[];
  /** The plans the file was checked with, as indexes into the analyser's plans (one per imported library). */
  plans?: number[];
  findings: Finding[];
  suppressed: Suppressed[];
  error?: string;
}

/** Grammars whose files name imported modules in string literals (see GateTerm.quoted). */
const QUOTED_MODULES: ReadonlySet<SourceLanguage> = new Set(['javascript', 'typescript', 'tsx', 'go', 'ruby']);

/** The gate term of an import gate in files of a language. */
export function gateTerm(gate: ImportGate, language: SourceLanguage): GateTerm {
  return { text: gate.module, quoted: !gate.constant && QUOTED_MODULES.has(language) };
}

function compile(rules: Rule[], plans: LibraryPlan[], ctx: SourceContext): CompiledRule[] {
  const out: CompiledRule[] = [];
  // A rule of a pack with several plans (scopes) is compiled once: its plans share the query.
  const configs = new Map<Rule, NapiConfig>();
  for (const plan of plans) {
    for (const rule of rules) {
      if (rule.pack !== plan.pack.name || !rule.source || !rule.inputs.includes('source')) continue;
      if (!libraryRuleApplies(rule, plan, ctx.path.target)) continue;
      const languages = Array.isArray(rule.source.language) ? rule.source.language : [rule.source.language];
      const config = configs.get(rule) ?? configs.set(rule, napiConfig(rule.source)).get(rule) as NapiConfig;
      out.push({ rule, plan, languages, config, prefilter: rule.source.prefilter ?? prefilterOf(rule.source.rule, rule.source.constraints) });
    }
  }
  return out;
}

/**
 * The rules of a run over source files, and the analysis of one file: which candidate libraries it
 * really imports (its syntax tree), then the rules of those libraries whose language and literal
 * prefilter fit, then the generic checks (commands in code), then inline suppressions. Built from
 * plain data (plans, rules, context), so that a worker thread builds the same one.
 */
export class SourceAnalyser {
  /** The import gates of every tree-wide plan, in plan order: `candidates` are indexes into this list. */
  readonly gates: ImportGate[];
  /** The plan of a file among its pack's plans (see PlanScopes). */
  private readonly scopes: PlanScopes;
  private readonly compiled: CompiledRule[];
  private readonly generic: Rule[];
  private readonly imports = new Map<SourceLanguage, ImportQueries>();
  /** Table commands a generic check may report: deprecated in some release, or absent from the target (a superset of theirs). */
  private readonly reportable: string[];

  constructor(readonly plans: LibraryPlan[], rules: Rule[], readonly ctx: SourceContext) {
    this.compiled = compile(rules, plans, ctx);
    this.generic = rules.filter((r) => r.check && SOURCE_CHECKS[r.check] && r.inputs.includes('source'));
    this.reportable = Object.keys(ctx.commands).filter((n) => ctx.commands[n]?.deprecated?.length || !commandStatus(ctx.commands, n, ctx.path.target).exists);
    this.scopes = new PlanScopes(plans);
    // A scoped plan has the gates of its pack's tree-wide plan: a file that passes them gets the plan of its scope.
    this.gates = plans.filter((p) => p.scope === undefined).flatMap((p) => [
      ...p.pack.library.imports.map((module) => ({ module, plan: p, constant: false })),
      // Bundler requires the gems of a Gemfile itself: a declared gem's constant is as good as a require.
      ...(p.declared.length ? (p.pack.library.constants ?? []).map((module) => ({ module, plan: p, constant: true })) : []),
    ]);
  }

  /** Indexes of the gates that apply to files of a language (those of libraries for it). */
  gatesFor(language: SourceLanguage): number[] {
    return this.gates.flatMap((g, i) => (g.plan.pack.library.languages.some((l) => languageCovers(l, language)) ? [i] : []));
  }

  /** The import queries of a language, limited to statements that name one of the gates' modules. */
  importQueries(language: SourceLanguage): ImportQueries {
    let q = this.imports.get(language);
    if (!q) {
      const mine = this.gates.filter((g) => g.plan.pack.library.languages.some((l) => languageCovers(l, language)));
      const constants = mine.filter((g) => g.constant).map((g) => g.module);
      q = new ImportQueries(language, mine.filter((g) => !g.constant).map((g) => g.module), constants);
      this.imports.set(language, q);
    }
    return q;
  }

  /**
   * The rules `analyse` may run on a file of a language with these candidate gates and this text
   * whose queries cannot run inside a combined one (constraints), as indexes for `separateQuery`.
   */
  separateFor(path: string, language: SourceLanguage, candidates: readonly number[], text: string): number[] {
    const plans = new Set(this.plansOf(path, candidates));
    return this.compiled.flatMap((c, i) => (!combinable(c.config) && plans.has(c.plan) && c.languages.some((l) => languageCovers(l, language)) && passes(text, c.prefilter) ? [i] : []));
  }

  /** The plans a file at `path` is checked with if it imports the libraries of these candidate gates (the nearest scope of each). */
  plansOf(path: string, candidates: readonly number[]): LibraryPlan[] {
    return [...new Set(candidates.map((i) => this.scopes.nearest((this.gates[i] as ImportGate).plan, path)))];
  }

  /** The query of a rule `separateFor` named. */
  separateQuery(index: number): NapiConfig {
    return (this.compiled[index] as CompiledRule).config;
  }

  /**
   * Every query `analyse` runs on files of a language whose candidate libraries are among `plans`
   * that can run inside a combined query (the same objects), plus one that matches the root
   * (so that every parsed file has a match).
   */
  queries(language: SourceLanguage, plans: ReadonlySet<LibraryPlan>): NapiConfig[] {
    const out: NapiConfig[] = [rootQuery(language)];
    if (language !== 'lua') out.push(...this.importQueries(language).queries());
    for (const c of this.compiled) {
      if (plans.has(c.plan) && c.languages.some((l) => languageCovers(l, language)) && combinable(c.config)) out.push(c.config);
    }
    const standIns = new Map(this.standIns(language));
    for (const rule of this.generic) out.push(...commandQueries(language, (rule.params?.calls ?? []) as CallShape[]).map((q) => standIns.get(q) ?? q));
    return [...new Set(out)];
  }

  /**
   * Queries of `queries` that stand in for others: [asked, answered by]. A file's answer to the
   * second is its answer to the first (see narrowedMethodQuery: the command checks ask for every
   * method call, and use only those named after the commands they may report).
   */
  standIns(language: SourceLanguage): [NapiConfig, NapiConfig][] {
    const method = this.generic.length ? narrowedMethodQuery(language, this.reportable) : undefined;
    return method ? [method] : [];
  }

  /**
   * Analyses a file that passed the gate of `candidates` (indexes into `gates`; none for Lua): the
   * libraries it imports, then their rules, the generic checks and inline suppressions. Never
   * throws: what ast-grep throws becomes `error`.
   */
  analyse(file: SourceFile, candidates: readonly number[]): FileOutcome {
    let libraries: LibraryPlan[] | undefined;
    try {
      libraries = this.scope(file, candidates);
      if (!libraries) return { findings: [], suppressed: [] };
      return { imported: libraries.map((l) => l.pack.name), plans: libraries.map((l) => this.plans.indexOf(l)), ...this.findingsOf(file, libraries) };
    } catch (err) {
      return { ...(libraries ? { imported: libraries.map((l) => l.pack.name), plans: libraries.map((l) => this.plans.indexOf(l)) } : {}), findings: [], suppressed: [], error: `could not be analysed: ${messageOf(err)}` };
    }
  }

  /**
   * Analyses a file that imports none of the libraries but imports local modules that do (a
   * wrapper module of the application: `from app.cache import client`): it is checked with the
   * plans of those modules, once its syntax tree confirms that it imports one of `modules` (as its
   * import statements write them, see localImports; with the names a Python `from M import …` must
   * import when the wrapper is M's submodule), so that a match in a comment or a string, or another
   * name imported from the same package, does not count. Never throws.
   */
  analyseVia(file: SourceFile, plans: LibraryPlan[], modules: ReadonlyMap<string, ReadonlySet<string> | null>): FileOutcome {
    try {
      const confirms = (i: { module: string; statement?: string }) => {
        if (!modules.has(i.module)) return false;
        const names = modules.get(i.module);
        return !names || [...names].some((n) => new RegExp(`(?<![\\w.])${n}(?!\\w)`).test((i.statement ?? '').replace(/^\s*from\s+\S+/, '')));
      };
      if (!importsOf(file).some(confirms)) return { findings: [], suppressed: [] };
      return { imported: plans.map((l) => l.pack.name), plans: plans.map((l) => this.plans.indexOf(l)), ...this.findingsOf(file, plans) };
    } catch (err) {
      return { findings: [], suppressed: [], error: `could not be analysed: ${messageOf(err)}` };
    }
  }

  /** The plans of the candidate libraries a file really imports (all of them, none, for Lua; the nearest scope of each), or undefined when none. */
  private scope(file: SourceFile, candidates: readonly number[]): LibraryPlan[] | undefined {
    if (file.language === 'lua') return [];
    const gates = candidates.map((i) => this.gates[i] as ImportGate);
    const queries = this.importQueries(file.language);
    const imported = importsOf(file, queries);
    const constants = gates.some((g) => g.constant) ? constantsOf(file, queries) : new Set<string>();
    const libraries = [...new Set(gates.filter((g) => (g.constant ? constants.has(g.module) : imported.some((i) => importMatches(i.module, g.module)))).map((g) => this.scopes.nearest(g.plan, file.path)))];
    return libraries.length ? libraries : undefined;
  }

  private findingsOf(file: SourceFile, libraries: LibraryPlan[]): { findings: Finding[]; suppressed: Suppressed[] } {
    const found: Finding[] = [];
    const implemented = new Set(libraries.filter((p) => p.implementation?.some((dir) => pathBelow(dir, file.path) !== undefined)));
    for (const c of this.compiled) {
      if (!libraries.includes(c.plan) || implemented.has(c.plan) || !c.languages.some((l) => languageCovers(l, file.language))) continue;
      // A query answered ahead with no match needs no text search of its prefilter.
      if (file.answered(c.config) === 0 || !passes(file.text, c.prefilter)) continue;
      const severity = librarySeverity(c.rule, c.plan);
      const boundary = libraryBoundary(c.rule, c.plan);
      for (const h of hitsOf(c, file)) found.push(toFinding(c.rule, { ...h, ...(boundary ? { boundary } : {}) }, this.ctx, severity));
    }
    for (const rule of this.generic) {
      const check = SOURCE_CHECKS[rule.check as string];
      if (!check) continue;
      for (const h of check({ file, libraries }, this.ctx, rule.params ?? {})) found.push(toFinding(rule, h, this.ctx));
    }
    const { kept, suppressed } = applySuppressions(found, (_, n) => file.line(n));
    return { findings: kept, suppressed };
  }
}

const roots = new Map<SourceLanguage, NapiConfig>();

/** A query for the root node of a language's files (kind `module`, `program`, `source_file`…). */
function rootQuery(language: SourceLanguage): NapiConfig {
  let q = roots.get(language);
  if (!q) {
    q = { rule: { kind: astGrep().parse(astGrepLanguage(language), '').root().kind() } } as NapiConfig;
    roots.set(language, q);
  }
  return q;
}

function hitsOf(c: CompiledRule, file: SourceFile): Hit[] {
  return file.findAll(c.config).map((m) => {
    const node = (c.rule.source?.anchor && m.get(c.rule.source.anchor)) || m.node;
    const start = node.range().start;
    const line = start.line + 1;
    return {
      location: { file: file.path, line, column: start.column + 1 },
      evidence: file.evidence(line),
      // Fingerprints are unsalted hashes of the key: a password in it could be recovered by guessing.
      key: redactSourceSecrets(node.text().replace(/\s+/g, ' ')).slice(0, 200),
      vars: { library: c.plan.pack.name, libraryFrom: c.plan.from ?? 'any version', libraryGoal: c.plan.goal },
    };
  });
}
