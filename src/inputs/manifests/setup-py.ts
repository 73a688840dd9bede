import type { SgNode } from '@ast-grep/napi';
import { astGrepLanguage } from '../source/languages.js';
import { astGrep } from '../source/napi.js';
import { isDevName, normaliseName } from './names.js';
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

/**
 * Reads the `setup(...)` call of a setuptools/distutils setup.py (the first call of `setup` or
 * `setuptools.setup`), without running it: string literals only.
 * - `name` and `version`: the project itself, as a dependency marked `self` with that exact version
 *   (a client library's own repository is at its own version);
 * - `install_requires` (runtime), `tests_require` and the `extras_require` groups (dev when the group's
 *   name says so): PEP 508 requirements, with their lines.
 * A value that is computed (`version=__version__`, `install_requires=read_requirements()`) is a
 * problem naming its line: it could not be read, and nothing is assumed for it. A file without a
 * setup call gives nothing. Never throws (the caller reports a parser failure as a problem).
 * Keywords: https://setuptools.pypa.io/en/latest/references/keywords.html
 */
export function parseSetupPy(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const root = astGrep().parse(astGrepLanguage('python'), text).root();
  const call = root.find({ rule: { kind: 'call', has: { field: 'function', regex: '^(setuptools\\.)?setup$' } } });
  const args = call?.field('arguments');
  if (!call || !args) return result;
  const keywords = new Map<string, SgNode>();
  for (const a of args.namedChildren()) {
    const key = a.kind() === 'keyword_argument' ? a.field('name')?.text() : undefined;
    const value = a.field('value');
    if (key && value) keywords.set(key, value);
  }
  const computed = (key: string, node: SgNode) => result.problems.push(problem(file, `setup(${key}=…) is computed, not a literal: not read`, lineOf(node)));

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
  if (name && nameText === undefined) computed('name', name);
  if (version && versionText === undefined) computed('version', version);
  if (nameText && versionText && version) {
    result.dependencies.push({ ecosystem: 'pypi', name: normaliseName('pypi', nameText), version: versionText, declared: versionText, file, line: lineOf(version), self: true });
  }
  return result;
}
