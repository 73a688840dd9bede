import { parseJsonWithLines } from './json-lines.js';
import { isDevName, normaliseName } from './names.js';
import { pypiSelfVersion } from './ranges.js';
import { parsePep508, pypiDependency } from './requirements.js';
import { emptyResult, isRecord, problem, str } from './text.js';
import { parseTomlLenient, tomlArrayItemLine, tomlArrayTableNames, tomlKeyLine, type TomlDocument } from './toml.js';
import type { Dependency, ManifestResult } from './types.js';

function tomlResult(file: string, text: string): { doc: TomlDocument; result: ManifestResult } {
  const doc = parseTomlLenient(text);
  const result = emptyResult();
  for (const p of doc.problems) result.problems.push(problem(file, p.message, p.line));
  return { doc, result };
}

/** PEP 508 strings of one array (`dependencies`, an extra, a dependency group). */
function pep508Array(result: ManifestResult, doc: TomlDocument, file: string, table: string[], key: string,
  items: unknown, dev: boolean): void {
  if (!Array.isArray(items)) {
    if (items !== undefined) result.problems.push(problem(file, `${[...table, key].join('.')} is not an array`, tomlKeyLine(doc, table, key)));
    return;
  }
  for (const item of items) {
    // PEP 735 `{include-group = "…"}` entries repeat another group: nothing new.
    if (typeof item !== 'string') continue;
    const line = tomlArrayItemLine(doc, table, key, item);
    const req = parsePep508(item);
    if (!req) {
      result.problems.push(problem(file, `not a PEP 508 requirement: ${item}`, line));
      continue;
    }
    result.dependencies.push(pypiDependency(req.name, req.spec, file, line, dev));
  }
}

/**
 * A Poetry dependency value (https://python-poetry.org/docs/dependency-specification/): a
 * constraint string, a table with `version` (or `git`/`path`/`url`, which give none), or an
 * array of such tables for per-Python constraints, read as their union.
 */
function poetrySpec(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value)) return str(value.version);
  if (Array.isArray(value)) {
    const parts = value.map(poetrySpec);
    return parts.length && parts.every((p) => p) ? parts.join(' || ') : undefined;
  }
  return undefined;
}

function poetryTable(result: ManifestResult, doc: TomlDocument, file: string, table: string[], deps: unknown, dev: boolean): void {
  if (!isRecord(deps)) return;
  for (const [name, value] of Object.entries(deps)) {
    if (name.toLowerCase() === 'python') continue;
    result.dependencies.push(pypiDependency(name, poetrySpec(value) ?? '', file, tomlKeyLine(doc, table, name), dev));
  }
}

/**
 * Reads pyproject.toml: PEP 621 `[project] dependencies` and `optional-dependencies`
 * (https://packaging.python.org/en/latest/specifications/pyproject-toml/), PEP 735
 * `[dependency-groups]` (https://peps.python.org/pep-0735/), and Poetry's
 * `[tool.poetry.dependencies]`, `dev-dependencies` and `[tool.poetry.group.<g>.dependencies]`.
 * Dev: every dependency group, every Poetry group but `main` (Poetry's rule for groups), an extra
 * whose name says dev/test/lint/docs. Never throws; a TOML error costs only the table it is in.
 */
export function parsePyproject(file: string, text: string): ManifestResult {
  const { doc, result } = tomlResult(file, text);
  const project = doc.data.project;
  const tool = doc.data.tool;
  const poetry = isRecord(tool) ? tool.poetry : undefined;
  // The project itself: PEP 621 [project] first, else Poetry's own name and version.
  for (const [table, body] of [[['project'], project], [['tool', 'poetry'], poetry]] as const) {
    if (!isRecord(body) || typeof body.name !== 'string' || typeof body.version !== 'string') continue;
    const version = pypiSelfVersion(body.version);
    if (!version) continue;
    const line = tomlKeyLine(doc, [...table], 'version');
    result.dependencies.push({ ecosystem: 'pypi', name: normaliseName('pypi', body.name), version, declared: body.version, file, ...(line !== undefined ? { line } : {}), self: true });
    break;
  }
  if (isRecord(project)) {
    pep508Array(result, doc, file, ['project'], 'dependencies', project.dependencies, false);
    const extras = project['optional-dependencies'];
    if (isRecord(extras)) {
      for (const [extra, items] of Object.entries(extras)) {
        pep508Array(result, doc, file, ['project', 'optional-dependencies'], extra, items, isDevName(extra));
      }
    }
  }
  const groups = doc.data['dependency-groups'];
  if (isRecord(groups)) {
    for (const [group, items] of Object.entries(groups)) pep508Array(result, doc, file, ['dependency-groups'], group, items, true);
  }
  if (isRecord(poetry)) {
    poetryTable(result, doc, file, ['tool', 'poetry', 'dependencies'], poetry.dependencies, false);
    poetryTable(result, doc, file, ['tool', 'poetry', 'dev-dependencies'], poetry['dev-dependencies'], true);
    if (isRecord(poetry.group)) {
      for (const [group, body] of Object.entries(poetry.group)) {
        if (!isRecord(body)) continue;
        poetryTable(result, doc, file, ['tool', 'poetry', 'group', group, 'dependencies'], body.dependencies, group !== 'main');
      }
    }
  }
  return result;
}

/**
 * Reads poetry.lock (written by Poetry; no published schema: `[[package]]` tables with `name`,
 * `version`, and `category = "dev"` up to lock format 1.1 or `groups = [...]` from 2.1).
 * A package is dev when its category is dev or its groups lack `main`.
 */
export function parsePoetryLock(file: string, text: string): ManifestResult {
  const { doc, result } = tomlResult(file, text);
  const packages = doc.data.package;
  if (!Array.isArray(packages)) {
    if (packages !== undefined) result.problems.push(problem(file, 'package is not an array of tables'));
    return result;
  }
  const lines = tomlArrayTableNames(doc, 'package');
  let cursor = 0;
  for (const pkg of packages) {
    if (!isRecord(pkg)) continue;
    const name = str(pkg.name);
    const version = str(pkg.version);
    if (!name) continue;
    // Blocks blanked after an error are missing from the data, so match names in order.
    let at = cursor;
    while (at < lines.length && !(lines[at]?.name === name && lines[at]?.version === version)) at++;
    const line = lines[at]?.line;
    if (at < lines.length) cursor = at + 1;
    const groups = Array.isArray(pkg.groups) ? pkg.groups.filter((g): g is string => typeof g === 'string') : undefined;
    const dev = pkg.category === 'dev' || (groups !== undefined && groups.length > 0 && !groups.includes('main'));
    const d: Dependency = { ecosystem: 'pypi', name: normaliseName('pypi', name), file, locked: true };
    if (version) d.version = version;
    if (line !== undefined) d.line = line;
    if (dev) d.dev = true;
    result.dependencies.push(d);
  }
  return result;
}

/**
 * Reads a Pipfile (https://pipenv.pypa.io/en/latest/pipfile.html): `[packages]` and
 * `[dev-packages]` (dev), values `"*"`, `"==4.6.0"` or tables with `version`.
 */
export function parsePipfile(file: string, text: string): ManifestResult {
  const { doc, result } = tomlResult(file, text);
  for (const [section, dev] of [['packages', false], ['dev-packages', true]] as const) {
    const table = doc.data[section];
    if (!isRecord(table)) continue;
    for (const [name, value] of Object.entries(table)) {
      const spec = typeof value === 'string' ? value : isRecord(value) ? str(value.version) ?? '' : '';
      result.dependencies.push(pypiDependency(name, spec, file, tomlKeyLine(doc, [section], name), dev));
    }
  }
  return result;
}

/**
 * Reads Pipfile.lock (JSON written by pipenv: `default` and `develop` maps of name to
 * `{ "version": "==4.6.0", … }`, https://pipenv.pypa.io/en/latest/pipfile.html#pipfile-lock).
 * `develop` entries are dev. A JSON syntax error keeps the entries read before it.
 */
export function parsePipfileLock(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const json = parseJsonWithLines(text);
  if (json.error) result.problems.push(problem(file, json.error.message, json.error.line));
  if (!isRecord(json.value)) {
    if (!json.error) result.problems.push(problem(file, 'not a JSON object'));
    return result;
  }
  for (const [section, dev] of [['default', false], ['develop', true]] as const) {
    const table = json.value[section];
    if (!isRecord(table)) continue;
    for (const [name, entry] of Object.entries(table)) {
      const d: Dependency = { ecosystem: 'pypi', name: normaliseName('pypi', name), file, locked: true };
      const version = isRecord(entry) ? str(entry.version) : undefined;
      if (version) d.version = version.replace(/^===?/, '');
      const line = json.keyLine(table, name);
      if (line !== undefined) d.line = line;
      if (dev) d.dev = true;
      result.dependencies.push(d);
    }
  }
  return result;
}
