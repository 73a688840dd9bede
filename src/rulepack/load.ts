import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { errorText, messageOf } from '../errors.js';
import { lazyRequire } from '../lazy.js';
import { packageRoot } from '../paths.js';
import { schemaFile, schemaValidator } from '../schema.js';
import { cached, hashOf, packageVersion } from './cache.js';
import type { AclRulesTable, CommandSpec, CommandsTable, DirectivesTable, LineCommandTable, RdbVersionEntry, RdbVersionsTable, ManualCheck, Rule, RulesPack } from './types.js';

/** Everything the packs know: directive tables by `flavor@line`, and rules by id. */
export interface RuleIndex {
  tables: DirectivesTable[];
  packs: RulesPack[];
  rules: Rule[];
  /** Manual checks of every pack, in pack order. */
  manualChecks: ManualCheck[];
  rdbVersions: RdbVersionEntry[];
  /** rules/tables/acl-rules.json (undefined when no loaded directory has one). */
  aclRules?: AclRulesTable;
  /** Lowercase command name → facts (rules/tables/commands.json). */
  commands: Record<string, CommandSpec>;
  /** The command tables of Redis lines before 7.0 (`lines` of rules/tables/commands.json). */
  commandLines: LineCommandTable[];
  /** One line per refused file or rule: `file: /json/path message`. */
  errors: string[];
}

// yaml is loaded only when a pack is really parsed (not when the cached index is read), as ajv is.
const yaml = lazyRequire<typeof import('yaml')>('yaml');
const SCHEMA = 'rule-pack.schema.json';

function validate(doc: unknown): ErrorObject[] {
  const validator = schemaValidator(SCHEMA);
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

function parseYaml(text: string): unknown {
  return yaml().parse(text);
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

function emptyIndex(): RuleIndex {
  return { tables: [], packs: [], rules: [], manualChecks: [], rdbVersions: [], commands: {}, commandLines: [], errors: [] };
}

/**
 * Loads and validates every pack file (YAML or JSON) under the given directories, the built-in
 * rules/ first. A file that does not validate against schemas/rule-pack.schema.json is refused
 * whole and reported in `errors` with its path and JSON path; the others still load. The built-in
 * packs are read from the cache when their files, the schema and this loader are unchanged (see
 * cache.ts); other directories are always loaded.
 */
export function loadRuleIndex(extraDirs: string[] = [], { builtin = true } = {}): RuleIndex {
  const index = builtin ? builtinIndex() : emptyIndex();
  for (const dir of extraDirs) loadDir(dir, index);
  return index;
}

/** The index of the built-in packs alone, from the cache when it is current. */
function builtinIndex(): RuleIndex {
  const dir = builtinRulesDir();
  let files: string[];
  try {
    files = listPackFiles(dir);
  } catch {
    // Unreadable: loadDir reports it.
    const index = emptyIndex();
    loadDir(dir, index);
    return index;
  }
  const texts = new Map<string, Buffer>();
  const bytes = (file: string) => texts.get(file) ?? texts.set(file, readFileSync(file)).get(file) as Buffer;
  let key: string;
  try {
    const root = packageRoot();
    key = hashOf([
      // The loader and the validator it uses (src/schema.ts: ajv options) decide what a valid index is.
      readFileSync(fileURLToPath(import.meta.url)), readFileSync(fileURLToPath(new URL(`../schema${extname(fileURLToPath(import.meta.url))}`, import.meta.url))),
      readFileSync(schemaFile(SCHEMA)), packageVersion('yaml'), packageVersion('ajv'),
      ...files.flatMap((f) => [relative(root, f), bytes(f)]),
    ]);
  } catch {
    const index = emptyIndex();
    loadDir(dir, index);
    return index;
  }
  const index = cached('rule-index', key, () => {
    const fresh = emptyIndex();
    loadDir(dir, fresh, (file) => bytes(file).toString('utf8'));
    return fresh;
  });
  // JSON keeps no shared objects: a pack's rules are the index's rules.
  index.rules = index.packs.flatMap((p) => p.rules);
  return index;
}

/** Loads the pack files of a directory (or one file) into `index`; `read` gives a file's text. */
function loadDir(dir: string, index: RuleIndex, read: (file: string) => string = (file) => readFileSync(file, 'utf8')): void {
  const root = packageRoot();
  let files: string[];
  try {
    files = statSync(dir).isDirectory() ? listPackFiles(dir) : [dir];
  } catch (err) {
    index.errors.push(`${dir}: cannot read rules: ${errorText(err)}`);
    return;
  }
  for (const file of files) {
    const shown = file.startsWith(root) ? relative(root, file) : file;
    let doc: unknown;
    try {
      const text = read(file);
      doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (err) {
      index.errors.push(`${shown}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${messageOf(err).split('\n')[0]}`);
      continue;
    }
    const errors = validate(doc);
    if (errors.length) { index.errors.push(...describeErrors(shown, errors)); continue; }
    if ((doc as CommandsTable).kind === 'commands') {
      Object.assign(index.commands, (doc as CommandsTable).commands);
      index.commandLines.push(...((doc as CommandsTable).lines ?? []));
      continue;
    }
    if ((doc as AclRulesTable).kind === 'acl-rules') {
      index.aclRules = doc as AclRulesTable;
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
