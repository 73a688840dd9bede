import type { Ecosystem } from './types.js';

/**
 * The name under which a package is compared across files of one ecosystem.
 * - pypi: PEP 503 normalisation, lowercase with runs of `-`, `_`, `.` as one `-`
 *   (https://peps.python.org/pep-0503/#normalized-names), so `Redis_Py` and `redis-py` meet.
 * - maven: `group:artifact` is built by the parsers; only surrounding blanks go here.
 * - npm, go, rubygems: as written (npm names are lowercase by rule; Go module paths and gem
 *   names are case-sensitive).
 */
export function normaliseName(ecosystem: Ecosystem, name: string): string {
  const n = name.trim();
  if (ecosystem === 'pypi') return n.toLowerCase().replace(/[-_.]+/g, '-');
  return n;
}

/**
 * Words in a group, file or configuration name that mark dev/test-only dependencies:
 * `requirements-dev.txt`, Poetry group `test`, extra `lint`, Gradle `testImplementation`.
 */
const DEV_WORD = /(?:^|[^a-z])(dev|devel|develop|development|test|tests|testing|lint|linting|docs?|ci|typing)(?:[^a-z]|$)/i;

/** True when a group/file name reads as dev or test only (see DEV_WORD). */
export function isDevName(name: string): boolean {
  return DEV_WORD.test(name);
}
