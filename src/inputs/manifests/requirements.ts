import { realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isDevName, normaliseName } from './names.js';
import { applySpec } from './ranges.js';
import { emptyResult, problem, readText, splitLines } from './text.js';
import type { Dependency, ManifestResult } from './types.js';

/** A PEP 508 requirement split into its parts (https://peps.python.org/pep-0508/). */
export interface Pep508 {
  name: string;
  /** The version specifiers as written, without parentheses; '' when none. */
  spec: string;
  /** A direct reference `name @ url`: no version is known. */
  url?: string;
}

const SPECIFIER = String.raw`(?:===|~=|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+`;
const SPECIFIERS = new RegExp(String.raw`^${SPECIFIER}(?:\s*,\s*${SPECIFIER})*$`);

/**
 * Splits `redis[hiredis] (>=4.0,<5) ; python_version < "3.8"` into name and specifiers; the
 * marker and extras are dropped. Undefined when the text is not a PEP 508 requirement.
 */
export function parsePep508(text: string): Pep508 | undefined {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/s.exec(text.trim());
  if (!m?.[1]) return undefined;
  let rest = (m[2] ?? '').trim();
  if (rest.startsWith('@')) {
    const url = rest.slice(1).trim().split(/\s+;|\s*;\s/)[0]?.trim() ?? '';
    return url ? { name: m[1], spec: '', url } : undefined;
  }
  const semi = rest.indexOf(';');
  if (semi >= 0) rest = rest.slice(0, semi).trim();
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  if (rest && !SPECIFIERS.test(rest)) return undefined;
  return { name: m[1], spec: rest };
}

/** A Dependency for a PEP 508 requirement or a Poetry/Pipfile spec read from a manifest. */
export function pypiDependency(name: string, spec: string, file: string, line: number | undefined, dev: boolean): Dependency {
  const d: Dependency = { ecosystem: 'pypi', name: normaliseName('pypi', name), file };
  if (spec) applySpec(d, spec);
  if (line !== undefined) d.line = line;
  if (dev) d.dev = true;
  return d;
}

/**
 * Reads a pip requirements file (https://pip.pypa.io/en/stable/reference/requirements-file-format/)
 * and the files it names with `-r`/`--requirement`, relative to the naming file, each file once
 * (so cycles end). Comments, `\` continuations, per-requirement options (`--hash=…`) and global
 * options are skipped; `-c` constraint files are not read (they install nothing).
 * `-e`/URL lines count only when they name the project (`#egg=name`), without a version.
 * Dependencies are dev when their own file's name says so (`requirements-dev.txt`, `requirements/test.txt`).
 * Never throws: unreadable or missing files and lines that are not requirements become problems.
 */
export function parseRequirements(file: string): ManifestResult {
  const result = emptyResult();
  readRequirements(file, result, new Set(), undefined);
  return result;
}

function readRequirements(file: string, result: ManifestResult, seen: Set<string>,
  from: { file: string; line: number; ref: string } | undefined): void {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    real = resolve(file);
  }
  if (seen.has(real)) return;
  seen.add(real);
  const read = readText(file);
  if ('problem' in read) {
    result.problems.push(from
      ? problem(from.file, `-r ${from.ref}: ${read.problem.message}`, from.line)
      : read.problem);
    return;
  }
  const dev = isDevName(basename(file).replace(/\.txt$/i, ''));
  const lines = splitLines(read.text);
  for (let k = 0; k < lines.length; k++) {
    const lineNo = k + 1;
    let text = lines[k] ?? '';
    // pip joins continuation lines before it strips comments.
    while (/\\$/.test(text) && k + 1 < lines.length) text = text.slice(0, -1) + (lines[++k] ?? '');
    text = text.replace(/(^|\s)#.*$/, '').trim();
    if (!text) continue;

    const include = /^(?:-r|--requirement)(?:\s*=\s*|\s+|(?=[^\s-]))(.+)$/.exec(text);
    if (include?.[1]) {
      const ref = include[1].trim();
      readRequirements(resolve(dirname(file), ref), result, seen, { file, line: lineNo, ref });
      continue;
    }
    const editable = /^(?:-e|--editable)(?:\s*=\s*|\s+)(.+)$/.exec(text);
    if (editable || /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[./~]/.test(text)) {
      const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text);
      if (egg?.[1]) result.dependencies.push(pypiDependency(egg[1], '', file, lineNo, dev));
      continue;
    }
    if (text.startsWith('-')) continue;

    const req = text.split(/\s--?[A-Za-z]/)[0]?.trim() ?? '';
    const parsed = parsePep508(req);
    if (!parsed) {
      result.problems.push(problem(file, `not a requirement: ${req}`, lineNo));
      continue;
    }
    result.dependencies.push(pypiDependency(parsed.name, parsed.spec, file, lineNo, dev));
  }
}
