import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { errorText, messageOf, UsageError } from '../../errors.js';
import { schemaValidator } from '../../schema.js';
import type { RuleSuppression } from '../../checks/suppress.js';
import { parseVersion } from '../../versions/version.js';
import { pointer, violations, type Violation } from './schema-errors.js';
import { parseYamlSource, type YamlSource } from '../../inputs/yaml-source.js';

/** The names looked for in the current directory, in this order. */
export const CONFIG_FILE_NAMES = ['.redis-upgrade-lint.yaml', '.redis-upgrade-lint.yml'] as const;

/** The file as schemas/config.schema.json describes it; every key optional. */
export interface ConfigFileData {
  target?: string;
  from?: string;
  inputs?: { paths?: string[]; live?: string[]; snapshots?: string[]; sentinel?: string; masterName?: string };
  clients?: 'latest' | 'compatible';
  includeVendored?: boolean;
  rules?: string[];
  only?: string[];
  skip?: string[];
  suppressions?: { rule: string; path?: string; reason: string }[];
  output?: { format?: 'text' | 'json' | 'sarif' | 'markdown'; file?: string; failOn?: 'error' | 'warning' | 'info' | 'never'; strict?: boolean; baseline?: string; verbose?: boolean };
  /** ms */
  timeouts?: { connect?: number; command?: number };
  concurrency?: number;
  tls?: { ca?: string; cert?: string; key?: string };
  acknowledgements?: string;
  /** timeout in ms */
  boot?: { with?: string; rdb?: string; aof?: string; timeout?: number };
}

/** A validated configuration file, its relative paths resolved against its directory. */
export interface ToolConfig extends Omit<ConfigFileData, 'suppressions'> {
  /** The file as found or given (`.redis-upgrade-lint.yaml`, `ci/lint.yaml`), for messages. */
  file: string;
  suppressions: RuleSuppression[];
}

/** Where a configuration comes from: `--config-file`, or the current directory unless `--no-config`. */
export interface ConfigSelection {
  /** `--config-file FILE`. */
  configFile?: string;
  /** false with `--no-config`: no file is read from the current directory. */
  useCwd: boolean;
  /** The directory looked in, and relative paths are shown against (default process.cwd()). */
  cwd?: string;
}

/**
 * Finds and reads the tool configuration: `--config-file FILE`, or `.redis-upgrade-lint.yaml`
 * (or `.yml`) in the current directory only (parent directories are not searched, so a run does not
 * depend on where the repository happens to be checked out). Returns undefined when there is none.
 * @throws UsageError (one line per problem, each `FILE:LINE: /json/path message`) when the file is
 * missing (--config-file), unreadable, not YAML, refused by schemas/config.schema.json, names an
 * unknown version syntax or holds a password; or when both .yaml and .yml exist.
 */
export function readToolConfig(sel: ConfigSelection): ToolConfig | undefined {
  const cwd = sel.cwd ?? process.cwd();
  let file: string;
  if (sel.configFile !== undefined) {
    if (!sel.useCwd) throw new UsageError('--config-file and --no-config contradict each other: give one of them');
    const abs = resolve(cwd, sel.configFile);
    if (!existsSync(abs)) throw new UsageError(`--config-file ${sel.configFile}: no such file`);
    if (statSync(abs).isDirectory()) throw new UsageError(`--config-file ${sel.configFile}: is a directory, not a file`);
    file = sel.configFile;
  } else {
    if (!sel.useCwd) return undefined;
    const found = CONFIG_FILE_NAMES.filter((n) => existsSync(join(cwd, n)));
    if (found.length > 1) throw new UsageError(`both ${found.join(' and ')} are in ${cwd}: keep one (or give --config-file)`);
    if (!found[0]) return undefined;
    file = found[0];
  }
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read: ${errorText(err)}`);
  }
  return parseToolConfig(text, file, cwd);
}

/**
 * Validates the text of a configuration file named `file` (as shown in messages; relative to `cwd`)
 * and resolves its paths against the file's directory.
 * @throws UsageError as readToolConfig.
 */
export function parseToolConfig(text: string, file: string, cwd: string = process.cwd()): ToolConfig {
  const src = parseYamlSource(text);
  if (src.errors.length) refuse(file, src.errors.map((e) => `${file}${e.line ? `:${e.line}` : ''}: not valid YAML: ${e.message}`));
  const value = src.value ?? {};
  versionsAsWritten(value, src);
  // Passwords and schema problems together, one line each: a password must not hide the rest.
  const secrets = passwords(value, []);
  const secretAt = new Set(secrets.map((v) => pointer(v.path)));
  const problems = [...secrets, ...schemaViolations(value).filter((v) => !secretAt.has(pointer(v.path)))];
  if (!problems.length) problems.push(...semanticViolations(value as ConfigFileData));
  // By line, so the lines read like the file; ajv orders them by schema keyword.
  if (problems.length) refuse(file, problems.map((v) => ({ line: src.lineOf(v.path) ?? 0, text: located(file, src, v) })).sort((a, b) => a.line - b.line).map((x) => x.text));
  return resolved(value as ConfigFileData, file, cwd, src);
}

/** `target: 7.10` is the number 7.1 to YAML: version specs are taken as written, as on the command line. */
function versionsAsWritten(value: unknown, src: YamlSource): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const data = value as Record<string, unknown>;
  for (const key of ['target', 'from']) {
    const text = typeof data[key] === 'number' ? src.scalarText([key]) : undefined;
    if (text !== undefined) data[key] = text;
  }
}

function refuse(file: string, lines: string[]): never {
  throw new UsageError(lines.length === 1 ? lines[0] as string : `${file} refused:\n  ${lines.join('\n  ')}`);
}

function located(file: string, src: YamlSource, v: Violation): string {
  const line = src.lineOf(v.path);
  return `${file}${line ? `:${line}` : ''}: ${v.message}`;
}

function schemaViolations(value: unknown): Violation[] {
  const validator = schemaValidator('config.schema.json', { verbose: true });
  return validator(value) ? [] : violations(validator.errors ?? []);
}

/** What the schema cannot say: version specs as --target reads them, reasons that are not blank. */
function semanticViolations(data: ConfigFileData): Violation[] {
  const out: Violation[] = [];
  for (const key of ['target', 'from'] as const) {
    const spec = data[key];
    if (spec === undefined) continue;
    try { parseVersion(spec); } catch (err) { out.push({ path: [key], message: `${pointer([key])}: ${messageOf(err)}` }); }
  }
  (data.suppressions ?? []).forEach((s, i) => {
    if (!s.reason.trim()) out.push({ path: ['suppressions', String(i), 'reason'], message: `${pointer(['suppressions', String(i), 'reason'])} must not be empty` });
  });
  return out;
}

const PASSWORD_KEY = /pass(word|phrase)?$|^auth$|^requirepass$|^masterauth$|secret/i;
const NO_PASSWORDS = 'no passwords in a configuration file, which is meant to be committed: give it in REDISCLI_AUTH';

/** Keys that hold a password, and URLs with one, anywhere in the file; never echoes the password. */
function passwords(value: unknown, path: string[]): Violation[] {
  if (typeof value === 'string') {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value)) return [];
    let password = '';
    try { password = new URL(value).password; } catch { return []; }
    return password ? [{ path, message: `${pointer(path)} is a URL with a password: ${NO_PASSWORDS} and drop it from the URL` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => passwords(v, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => PASSWORD_KEY.test(k)
      ? [{ path: [...path, k], message: `${pointer([...path, k])}: ${NO_PASSWORDS}` }]
      : passwords(v, [...path, k]));
  }
  return [];
}

function resolved(data: ConfigFileData, file: string, cwd: string, src: YamlSource): ToolConfig {
  // Joined to the file's directory as given, so a file in the current directory keeps paths as
  // written (reports show `redis.conf`, not an absolute path).
  const dir = dirname(file);
  const path = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  const paths = (ps: string[] | undefined) => ps?.map(path);
  const { suppressions, inputs, output, tls, ...rest } = data;
  const config: ToolConfig = { ...rest, file, suppressions: [] };
  if (data.rules) config.rules = paths(data.rules) as string[];
  if (inputs) {
    config.inputs = { ...inputs };
    if (inputs.paths) config.inputs.paths = paths(inputs.paths) as string[];
    if (inputs.snapshots) config.inputs.snapshots = paths(inputs.snapshots) as string[];
  }
  if (output) {
    config.output = { ...output };
    if (output.file) config.output.file = path(output.file);
    if (output.baseline) config.output.baseline = path(output.baseline);
  }
  if (data.acknowledgements) config.acknowledgements = path(data.acknowledgements);
  if (data.boot) {
    config.boot = { ...data.boot };
    for (const k of ['with', 'rdb', 'aof'] as const) { const v = data.boot[k]; if (v) config.boot[k] = path(v); }
  }
  if (tls) config.tls = Object.fromEntries(Object.entries(tls).map(([k, v]) => [k, path(v)]));
  const base = resolve(cwd, dir);
  config.suppressions = (suppressions ?? []).map((s, i) => ({
    rule: s.rule, ...(s.path !== undefined ? { path: s.path } : {}), base, reason: s.reason.trim(),
    origin: `${file}:${src.lineOf(['suppressions', String(i)]) ?? 0}`,
  }));
  return config;
}
