import semver from 'semver';
import { parseJsonWithLines, type JsonDocument } from './json-lines.js';
import { npmProtocol, pinnedVersion, toSemverRange } from './ranges.js';
import { emptyResult, isRecord, problem, str } from './text.js';
import type { Dependency, ManifestResult } from './types.js';

/** The package an alias installs: `npm:redis@^4` → `redis`, `npm:@redis/client` → `@redis/client`. */
export function aliasTarget(spec: string): string | undefined {
  return npmProtocol(spec)?.name;
}

function readJson(file: string, text: string, result: ManifestResult): JsonDocument | undefined {
  const json = parseJsonWithLines(text);
  if (json.error) result.problems.push(problem(file, json.error.message, json.error.line));
  if (isRecord(json.value)) return json;
  if (!json.error) result.problems.push(problem(file, 'not a JSON object'));
  return undefined;
}

const SECTIONS = [
  ['dependencies', false], ['devDependencies', true], ['peerDependencies', false], ['optionalDependencies', false],
] as const;

/**
 * Reads package.json (https://docs.npmjs.com/cli/v10/configuring-npm/package-json):
 * `dependencies`, `devDependencies` (dev), `peerDependencies`, `optionalDependencies`.
 * An alias `"redis4": "npm:redis@^4"` is reported under the package it installs (`redis`).
 * A JSON syntax error keeps what was read before it.
 */
export function parsePackageJson(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const json = readJson(file, text, result);
  const root = json?.value;
  if (!json || !isRecord(root)) return result;
  const name = str(root.name);
  const version = str(root.version);
  if (name && version && semver.valid(version)) {
    const line = json.keyLine(root, 'version');
    result.dependencies.push({ ecosystem: 'npm', name, version, declared: version, file, ...(line !== undefined ? { line } : {}), self: true });
  }
  for (const [section, dev] of SECTIONS) {
    const deps = root[section];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      result.problems.push(problem(file, `${section} is not an object`, json.keyLine(root, section)));
      continue;
    }
    for (const [key, value] of Object.entries(deps)) {
      const spec = str(value);
      if (spec === undefined) {
        result.problems.push(problem(file, `${section}.${key} is not a string`, json.keyLine(deps, key)));
        continue;
      }
      const d: Dependency = { ecosystem: 'npm', name: aliasTarget(spec) ?? key, declared: spec, file };
      const range = toSemverRange('npm', spec);
      if (range) d.range = range;
      const version = pinnedVersion('npm', spec);
      if (version) d.version = version;
      const line = json.keyLine(deps, key);
      if (line !== undefined) d.line = line;
      if (dev) d.dev = true;
      result.dependencies.push(d);
    }
  }
  return result;
}

/**
 * Reads package-lock.json or npm-shrinkwrap.json
 * (https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json). Versions 2 and 3 are read
 * from `packages` (`node_modules/…` paths; the root and workspace folders are skipped, `name`
 * names aliased packages); version 1 from the nested `dependencies` tree (`npm:` versions are
 * aliases). `dev: true` marks dev; `devOptional` does not, since production installs it too.
 */
export function parsePackageLock(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const json = readJson(file, text, result);
  const root = json?.value;
  if (!json || !isRecord(root)) return result;
  const push = (name: string, version: string | undefined, dev: boolean, line: number | undefined): void => {
    const d: Dependency = { ecosystem: 'npm', name, file, locked: true };
    if (version) d.version = version;
    if (line !== undefined) d.line = line;
    if (dev) d.dev = true;
    result.dependencies.push(d);
  };
  if (isRecord(root.packages)) {
    const packages = root.packages;
    for (const [key, entry] of Object.entries(packages)) {
      const at = key.lastIndexOf('node_modules/');
      if (at < 0 || !isRecord(entry) || entry.link === true) continue;
      const name = str(entry.name) ?? key.slice(at + 'node_modules/'.length);
      const version = str(entry.version);
      push(name, version && semver.valid(version) ? version : undefined, entry.dev === true, json.keyLine(packages, key));
    }
    return result;
  }
  const walk = (deps: unknown): void => {
    if (!isRecord(deps)) return;
    for (const [key, entry] of Object.entries(deps)) {
      if (!isRecord(entry)) continue;
      let name = key;
      let version = str(entry.version);
      if (version?.startsWith('npm:')) {
        name = aliasTarget(version) ?? key;
        version = version.slice(version.lastIndexOf('@') + 1);
      }
      push(name, version && semver.valid(version) ? version : undefined, entry.dev === true, json.keyLine(deps, key));
      walk(entry.dependencies);
    }
  };
  walk(root.dependencies);
  return result;
}
