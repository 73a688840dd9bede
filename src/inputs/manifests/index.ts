import { basename } from 'node:path';
import { parseGoMod } from './go.js';
import { parseBuildGradle, parseGradleLockfile } from './gradle.js';
import { parsePom } from './maven.js';
import { parsePackageJson, parsePackageLock } from './npm.js';
import { parsePnpmLock } from './pnpm.js';
import { parsePipfile, parsePipfileLock, parsePoetryLock, parsePyproject } from './python.js';
import { parseRequirements } from './requirements.js';
import { parseSetupPy } from './setup-py.js';
import { parseGemfile, parseGemfileLock, parseGemspec } from './ruby.js';
import { emptyResult, problem, readText } from './text.js';
import type { ManifestResult } from './types.js';
import { parseYarnLock } from './yarn.js';

export type { Dependency, Ecosystem, ManifestProblem, ManifestResult } from './types.js';
export { normaliseName } from './names.js';
export { pinnedVersion, toSemverRange } from './ranges.js';

type TextParser = (file: string, text: string) => ManifestResult;

const PARSERS: Record<string, TextParser> = {
  'pyproject.toml': parsePyproject,
  'poetry.lock': parsePoetryLock,
  'Pipfile': parsePipfile,
  'Pipfile.lock': parsePipfileLock,
  'package.json': parsePackageJson,
  'package-lock.json': parsePackageLock,
  'npm-shrinkwrap.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
  'go.mod': parseGoMod,
  'pom.xml': parsePom,
  'build.gradle': parseBuildGradle,
  'build.gradle.kts': parseBuildGradle,
  'gradle.lockfile': parseGradleLockfile,
  'Gemfile': parseGemfile,
  'Gemfile.lock': parseGemfileLock,
  'setup.py': parseSetupPy,
};

/**
 * The exact file names read as dependency manifests. `isManifest` also accepts
 * `requirements*.txt` and `*.gemspec`. go.sum is left out on purpose (checksums of every
 * version ever resolved, not the versions built).
 */
export const MANIFEST_NAMES: readonly string[] = Object.freeze(Object.keys(PARSERS));

const REQUIREMENTS = /^requirements[^/\\]*\.txt$/i;
const GEMSPEC = /^[^/\\]+\.gemspec$/;

/** True when the file's base name is one `parseManifest` reads (the directory part is ignored). */
export function isManifest(fileName: string): boolean {
  const name = basename(fileName);
  return Object.hasOwn(PARSERS, name) || REQUIREMENTS.test(name) || GEMSPEC.test(name);
}

/**
 * Reads one manifest or lock file, chosen by its base name (see MANIFEST_NAMES, plus
 * `requirements*.txt` with the files it includes by `-r`, and `*.gemspec`), and returns its
 * dependencies in file order with their lines where the format has them.
 * Never throws: an unreadable file, a file of an unknown name, a syntax error or an entry that
 * cannot be read becomes a `problems` entry (file, line when known, a one-line message), and
 * everything else the file says is still returned.
 */
export function parseManifest(file: string): ManifestResult {
  const name = basename(file);
  try {
    if (REQUIREMENTS.test(name)) return parseRequirements(file);
    const parser = Object.hasOwn(PARSERS, name) ? PARSERS[name] : GEMSPEC.test(name) ? parseGemspec : undefined;
    if (!parser) return { dependencies: [], problems: [problem(file, 'not a dependency manifest this tool reads')] };
    const read = readText(file);
    if ('problem' in read) return { dependencies: [], problems: [read.problem] };
    return parser(file, read.text);
  } catch (err) {
    // A parser bug must not stop a whole run: report it like any unreadable file.
    const result = emptyResult();
    result.problems.push(problem(file, `internal error while reading: ${err instanceof Error ? err.message : String(err)}`));
    return result;
  }
}
