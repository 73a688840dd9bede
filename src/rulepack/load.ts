import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { messageOf } from '../errors.js';
import { packageRoot } from '../paths.js';
import type { CommandSpec, CommandsTable, DirectivesTable, RdbVersionEntry, RdbVersionsTable, ManualCheck, Rule, RulesPack } from './types.js';

/** Everything the packs know: directive tables by `flavor@line`, and rules by id. */
export interface RuleIndex {
  tables: DirectivesTable[];
  packs: RulesPack[];
  rules: Rule[];
  /** Manual checks of every pack, in pack order. */
  manualChecks: ManualCheck[];
  rdbVersions: RdbVersionEntry[];
  /** Lowercase command name → facts (rules/tables/commands.json). */
  commands: Record<string, CommandSpec>;
  /** One line per refused file or rule: `file: /json/path message`. */
  errors: string[];
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(doc: unknown): ErrorObject[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'rule-pack.schema.json'), 'utf8'));
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

/** The rules/ directory shipped with the package. */
export function builtinRulesDir(): string {
  return join(packageRoot(), 'rules');
}

function listPackFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listPackFiles(p));
    else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(p);
  }
  return out;
}

function describeErrors(file: string, errors: ErrorObject[]): string[] {
  // ajv reports every branch of if/then and oneOf; keep the most specific messages.
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'oneOf' && errors.length > 1) continue;
    const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
      : e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
    const line = `${file}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
    if (!seen.has(line)) { seen.add(line); lines.push(line); }
  }
  return lines;
}

/**
 * Loads and validates every pack file (YAML or JSON) under the given directories, the built-in
 * rules/ first. A file that does not validate against schemas/rule-pack.schema.json is refused
 * whole and reported in `errors` with its path and JSON path; the others still load.
 */
export function loadRuleIndex(extraDirs: string[] = [], { builtin = true } = {}): RuleIndex {
  const index: RuleIndex = { tables: [], packs: [], rules: [], manualChecks: [], rdbVersions: [], commands: {}, errors: [] };
  const dirs = [...(builtin ? [builtinRulesDir()] : []), ...extraDirs];
  const root = packageRoot();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = statSync(dir).isDirectory() ? listPackFiles(dir) : [dir];
    } catch (err) {
      index.errors.push(`${dir}: cannot read rules: ${messageOf(err).replace(/^[A-Z]+: /, '')}`);
      continue;
    }
    for (const file of files) {
      const shown = file.startsWith(root) ? relative(root, file) : file;
      let doc: unknown;
      try {
        const text = readFileSync(file, 'utf8');
        doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
      } catch (err) {
        index.errors.push(`${shown}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${messageOf(err).split('\n')[0]}`);
        continue;
      }
      const errors = validate(doc);
      if (errors.length) { index.errors.push(...describeErrors(shown, errors)); continue; }
      if ((doc as CommandsTable).kind === 'commands') {
        Object.assign(index.commands, (doc as CommandsTable).commands);
        continue;
      }
      if ((doc as RdbVersionsTable).kind === 'rdb-versions') {
        index.rdbVersions.push(...(doc as RdbVersionsTable).versions);
        continue;
      }
      const semantic = semanticErrors(doc as DirectivesTable | RulesPack, shown, index);
      if (semantic.length) { index.errors.push(...semantic); continue; }
      const typed = doc as DirectivesTable | RulesPack;
      if (typed.kind === 'directives') {
        index.tables.push({ ...typed, file: shown });
      } else {
        const pack: RulesPack = { ...typed, file: shown, rules: typed.rules.map((r) => ({ ...r, pack: typed.name, file: shown })) };
        index.packs.push(pack);
        index.rules.push(...pack.rules);
        index.manualChecks.push(...(typed.manualChecks ?? []).map((m) => ({ ...m, pack: typed.name, file: shown })));
      }
    }
  }
  return index;
}

/** Checks the schema cannot express: unique ids and lines, regexes that compile, alias targets that exist. */
function semanticErrors(doc: DirectivesTable | RulesPack, file: string, index: RuleIndex): string[] {
  const errors: string[] = [];
  if (doc.kind === 'directives') {
    if (index.tables.some((t) => t.flavor === doc.flavor && t.line === doc.line)) {
      errors.push(`${file}: /line ${doc.flavor} ${doc.line} is already defined by another table`);
    }
    for (const [name, spec] of Object.entries(doc.directives)) {
      if (spec.aliasOf && !doc.directives[spec.aliasOf]) errors.push(`${file}: /directives/${name}/aliasOf names '${spec.aliasOf}', which the table does not define`);
      if (name !== name.toLowerCase()) errors.push(`${file}: /directives/${name} directive names are lowercase`);
    }
    return errors;
  }
  (doc.manualChecks ?? []).forEach((m, i, all) => {
    if (index.manualChecks.some((x) => x.id === m.id) || all.findIndex((x) => x.id === m.id) !== i) errors.push(`${file}: /manualChecks/${i}/id '${m.id}' is defined twice`);
    if ((m.applies && m.applies !== 'path') && !m.change) errors.push(`${file}: /manualChecks/${i} applies '${m.applies}' needs a change release`);
  });
  doc.rules.forEach((rule, i) => {
    if (index.rules.some((r) => r.id === rule.id) || doc.rules.findIndex((r) => r.id === rule.id) !== i) {
      errors.push(`${file}: /rules/${i}/id '${rule.id}' is defined twice`);
    }
    if ((rule.applies && rule.applies !== 'path') && !rule.change) errors.push(`${file}: /rules/${i} applies '${rule.applies}' needs a change release`);
    for (const [path, re] of regexesOf(rule.match, `/rules/${i}/match`)) {
      try { new RegExp(re); } catch (err) { errors.push(`${file}: ${path} invalid regular expression: ${messageOf(err)}`); }
    }
  });
  return errors;
}

function* regexesOf(m: Rule['match'], path: string): Generator<[string, string]> {
  if (!m) return;
  if (m.arg?.matches) yield [`${path}/arg/matches`, m.arg.matches];
  if (m.arg?.notMatches) yield [`${path}/arg/notMatches`, m.arg.notMatches];
  for (const [k, list] of [['all', m.all], ['any', m.any]] as const) {
    for (const [j, sub] of (list ?? []).entries()) yield* regexesOf(sub, `${path}/${k}/${j}`);
  }
  if (m.not) yield* regexesOf(m.not, `${path}/not`);
}
