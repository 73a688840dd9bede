import type { SgNode } from '@ast-grep/napi';
import { astGrepLanguage } from '../source/languages.js';
import { astGrep } from '../source/napi.js';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDevName, normaliseName } from './names.js';
import { pypiSelfVersion } from './ranges.js';
import { parsePep508, pypiDependency } from './requirements.js';
import { emptyResult, problem } from './text.js';
import type { ManifestResult } from './types.js';

/** The text of a Python string literal without prefix and quotes, or undefined for anything else (f-strings, concatenations, names). */
function literal(node: SgNode | null): string | undefined {
  if (!node || node.kind() !== 'string') return undefined;
  const m = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(node.text());
  if (!m) return undefined;
  const body = m[3] as string;
  // Escapes other than a quote or backslash are not needed in names, versions and requirements.
  return m[1] ? body : body.replace(/\\(['"\\])/g, '$1');
}

function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

/** The string literals of a list or tuple literal, or undefined when the value is computed (a name, a call, a comprehension). */
function literalList(node: SgNode): { text: string; line: number }[] | undefined {
  if (node.kind() !== 'list' && node.kind() !== 'tuple') return undefined;
  const out: { text: string; line: number }[] = [];
  for (const item of node.namedChildren()) {
    if (item.kind() === 'comment') continue;
    const text = literal(item);
    if (text === undefined) return undefined;
    out.push({ text, line: lineOf(item) });
  }
  return out;
}

/** Files beside a setup.py that commonly hold what a computed `install_requires` reads. */
const REQUIREMENT_FILES = /^(requirements[^/\\]*\.txt|pyproject\.toml|setup\.cfg|Pipfile)$/i;

/**
 * Reads the `setup(...)` call of a setuptools/distutils setup.py (the first call of `setup`,
 * `setuptools.setup` or `distutils.core.setup`), without running it: string literals only.
 * - `name` and `version`: the project itself, as a dependency marked `self` with that exact version
 *   (a client library's own repository is at its own version), with the top-level `packages` it
 *   lists as its `implementation`; left out when either is computed (`version=__version__`) or the
 *   version is not one semver can hold;
 * - `install_requires` (runtime), `tests_require` and the `extras_require` groups (dev when the group's
 *   name says so): PEP 508 requirements, with their lines. A computed list
 *   (`install_requires=read_requirements()`) is a problem naming its line, unless a requirements
 *   file, pyproject.toml, setup.cfg or Pipfile beside it (read on its own) is where it comes from.
 * A file whose text calls setup( but whose syntax tree has no such call (a syntax error) is a
 * problem; one without a setup call gives nothing. Never throws (the caller reports a parser
 * failure as a problem). Keywords: https://setuptools.pypa.io/en/latest/references/keywords.html
 */
export function parseSetupPy(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const root = astGrep().parse(astGrepLanguage('python'), text).root();
  const call = root.find({ rule: { kind: 'call', has: { field: 'function', regex: '^((setuptools|distutils\\.core)\\.)?setup$' } } });
  const args = call?.field('arguments');
  if (!call || !args) {
    if (/\bsetup\s*\(/.test(text)) result.problems.push(problem(file, 'no setup(...) call could be read (a syntax error?): its requirements are not read'));
    return result;
  }
  let besides: boolean | undefined;
  const hasRequirementFiles = () => (besides ??= (() => {
    try { return readdirSync(dirname(file)).some((n) => REQUIREMENT_FILES.test(n)); } catch { return false; }
  })());
  const keywords = new Map<string, SgNode>();
  for (const a of args.namedChildren()) {
    const key = a.kind() === 'keyword_argument' ? a.field('name')?.text() : undefined;
    const value = a.field('value');
    if (key && value) keywords.set(key, value);
  }
  const computed = (key: string, node: SgNode) => {
    if (!hasRequirementFiles()) result.problems.push(problem(file, `setup(${key}=…) is computed, not a literal: not read`, lineOf(node)));
  };

  const requirements = (key: string, node: SgNode, dev: boolean) => {
    const items = literalList(node);
    if (!items) { computed(key, node); return; }
    for (const { text: item, line } of items) {
      const req = parsePep508(item);
      if (!req) { result.problems.push(problem(file, `not a PEP 508 requirement: ${item}`, line)); continue; }
      result.dependencies.push(pypiDependency(req.name, req.spec, file, line, dev));
    }
  };
  const install = keywords.get('install_requires');
  if (install) requirements('install_requires', install, false);
  const tests = keywords.get('tests_require');
  if (tests) requirements('tests_require', tests, true);
  const extras = keywords.get('extras_require');
  if (extras) {
    if (extras.kind() !== 'dictionary') computed('extras_require', extras);
    else {
      for (const pair of extras.namedChildren().filter((c) => c.kind() === 'pair')) {
        const group = literal(pair.field('key'));
        const value = pair.field('value');
        if (group === undefined || !value) { computed('extras_require', pair); continue; }
        requirements(`extras_require[${group}]`, value, isDevName(group));
      }
    }
  }

  const name = keywords.get('name');
  const version = keywords.get('version');
  const nameText = literal(name ?? null);
  const versionText = literal(version ?? null);
  const selfVersion = versionText === undefined ? undefined : pypiSelfVersion(versionText);
  if (nameText && versionText && selfVersion && version) {
    // Top-level packages only (`rediscluster`, not `rediscluster.nodes`): their directories hold the code.
    const packages = keywords.get('packages');
    const listed = packages ? literalList(packages)?.map((p) => p.text).filter((p) => /^[\w]+$/.test(p)) : undefined;
    result.dependencies.push({
      ecosystem: 'pypi', name: normaliseName('pypi', nameText), version: selfVersion, declared: versionText, file, line: lineOf(version), self: true,
      ...(listed?.length ? { implementation: listed } : {}),
    });
  }
  return result;
}
