import { pinnedVersion, toSemverRange } from './ranges.js';
import { emptyResult, problem, splitLines } from './text.js';
import type { Dependency, ManifestResult } from './types.js';

const VERBS = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'replace', 'exclude', 'retract', 'tool', 'ignore']);

/** go.mod's lexical rules (https://go.dev/ref/mod#go-mod-file-lexical): words, "…" and `…` strings, `//` comments. */
function lex(line: string): { tokens: string[]; comment?: string; error?: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (line.startsWith('//', i)) return { tokens, comment: line.slice(i + 2) };
    if (c === '(' || c === ')') { tokens.push(c); i++; continue; }
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < line.length && line.charAt(j) !== c) j += c === '"' && line.charAt(j) === '\\' ? 2 : 1;
      if (j >= line.length) return { tokens, error: 'unterminated string' };
      const raw = line.slice(i, j + 1);
      try {
        tokens.push(c === '"' ? JSON.parse(raw) as string : raw.slice(1, -1));
      } catch {
        return { tokens, error: `invalid string ${raw}` };
      }
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !' \t\r()"`'.includes(line.charAt(j)) && !line.startsWith('//', j)) j++;
    tokens.push(line.slice(i, j));
    i = j;
  }
  return { tokens };
}

/**
 * Reads go.mod (https://go.dev/ref/mod#go-mod-file): `require` lines and blocks give the module
 * path and its exact version (`version` as written, `range` the semver form); `// indirect` sets
 * `indirect`; a `replace` of the module (of any version, or of the required one) sets
 * `replacedBy`. Other directives are checked for shape only; go.sum is not read (it lists
 * checksums of every version seen, not the build list). Unknown directives, malformed lines and
 * an unclosed block become problems with their lines; the rest of the file is still read.
 */
export function parseGoMod(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const replaces: { path: string; version?: string; to: string }[] = [];
  const lines = splitLines(text);
  let block: { verb: string; line: number } | undefined;

  const entry = (verb: string, args: string[], comment: string | undefined, line: number): void => {
    if (verb === 'require') {
      const [path, version] = args;
      if (args.length !== 2 || !path || !version) {
        result.problems.push(problem(file, 'require: expected a module path and a version', line));
        return;
      }
      const d: Dependency = { ecosystem: 'go', name: path, declared: version, file, line };
      const range = toSemverRange('go', version);
      if (range) d.range = range;
      else result.problems.push(problem(file, `require ${path}: invalid version ${version}`, line));
      if (pinnedVersion('go', version)) d.version = version;
      if (comment !== undefined && /^\s*indirect(\s*;|\s*$)/.test(comment)) d.indirect = true;
      result.dependencies.push(d);
    } else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      const left = args.slice(0, Math.max(arrow, 0));
      const right = args.slice(arrow + 1);
      if (arrow < 0 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2 || !left[0]) {
        result.problems.push(problem(file, 'replace: expected "path [version] => path [version]"', line));
        return;
      }
      replaces.push({ path: left[0], ...(left[1] ? { version: left[1] } : {}), to: right.join(' ') });
    }
  };

  lines.forEach((raw, k) => {
    const lineNo = k + 1;
    const { tokens, comment, error } = lex(raw);
    if (error) {
      result.problems.push(problem(file, error, lineNo));
      return;
    }
    if (tokens.length === 0) return;
    if (block) {
      if (tokens.length === 1 && tokens[0] === ')') block = undefined;
      else entry(block.verb, tokens, comment, lineNo);
      return;
    }
    const verb = tokens[0] ?? '';
    if (!VERBS.has(verb)) {
      result.problems.push(problem(file, `unknown directive: ${verb}`, lineNo));
      return;
    }
    if (tokens.length === 2 && tokens[1] === '(') {
      block = { verb, line: lineNo };
      return;
    }
    entry(verb, tokens.slice(1), comment, lineNo);
  });
  if (block) result.problems.push(problem(file, `${block.verb} block is not closed with ")"`, block.line));

  for (const d of result.dependencies) {
    // A replacement of this exact version wins over one of every version, as in the go command.
    const r = replaces.find((x) => x.path === d.name && x.version === d.declared)
      ?? replaces.find((x) => x.path === d.name && x.version === undefined);
    if (r) d.replacedBy = r.to;
  }
  return result;
}
