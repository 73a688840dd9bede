import { isDevName } from './names.js';
import { pinnedVersion, toSemverRange } from './ranges.js';
import { conflictMarkerLine, emptyResult, problem, splitLines } from './text.js';
import type { Dependency, ManifestResult } from './types.js';

type Token = { kind: 'str' | 'sym' | 'label' | 'arrow' | 'comma' | 'open' | 'close' | 'word'; value: string };

const PERCENT_CLOSE: Record<string, string> = { '<': '>', '(': ')', '[': ']', '{': '}' };

/**
 * Ruby tokens of one line, enough for the literal arguments of `gem` and `add_dependency`:
 * '…' and "…" strings, %q<…>/%Q(…)/%w[…] literals, :symbols, `key:` labels, `=>`. A `#`
 * outside a string ends the line.
 */
function rubyTokens(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') break;
    if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      for (; j < src.length && src.charAt(j) !== c; j++) {
        if (src.charAt(j) === '\\' && j + 1 < src.length) j++;
        value += src.charAt(j);
      }
      out.push({ kind: 'str', value });
      i = j + 1;
      continue;
    }
    const pct = /^%([qQwWiI]?)([<([{|!/])/.exec(src.slice(i));
    if (pct) {
      const open = pct[2] ?? '';
      const close = PERCENT_CLOSE[open] ?? open;
      const end = src.indexOf(close, i + pct[0].length);
      const body = src.slice(i + pct[0].length, end < 0 ? src.length : end);
      if (pct[1] && 'wWiI'.includes(pct[1])) {
        out.push({ kind: 'open', value: '[' });
        for (const w of body.split(/\s+/).filter(Boolean)) out.push({ kind: 'str', value: w });
        out.push({ kind: 'close', value: ']' });
      } else {
        out.push({ kind: 'str', value: body });
      }
      i = end < 0 ? src.length : end + 1;
      continue;
    }
    if (src.startsWith('=>', i)) { out.push({ kind: 'arrow', value: '=>' }); i += 2; continue; }
    if (c === ',') { out.push({ kind: 'comma', value: c }); i++; continue; }
    if ('([{'.includes(c)) { out.push({ kind: 'open', value: c }); i++; continue; }
    if (')]}'.includes(c)) { out.push({ kind: 'close', value: c }); i++; continue; }
    const sym = /^:([A-Za-z_]\w*[?!]?)/.exec(src.slice(i));
    if (sym?.[1]) { out.push({ kind: 'sym', value: sym[1] }); i += sym[0].length; continue; }
    const word = /^[A-Za-z_]\w*[?!]?/.exec(src.slice(i));
    if (word) {
      const after = i + word[0].length;
      if (src.charAt(after) === ':' && src.charAt(after + 1) !== ':') {
        out.push({ kind: 'label', value: word[0] });
        i = after + 1;
      } else {
        out.push({ kind: 'word', value: word[0] });
        i = after;
      }
      continue;
    }
    out.push({ kind: 'word', value: c });
    i++;
  }
  return out;
}

/** The literal arguments of a call: positional strings/symbols (arrays flattened) and `key: value` options. */
interface RubyCall { positional: Token[]; options: Map<string, string[]> }

function rubyCall(src: string): RubyCall {
  const tokens = rubyTokens(src);
  const args: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    // A modifier or a block ends the arguments: `gem 'x' if ENV['X']`, `group :test do`.
    if (depth <= 0 && t.kind === 'word' && ['if', 'unless', 'do'].includes(t.value)) break;
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    if (t.kind === 'comma' && depth <= 0) { args.push([]); continue; }
    args[args.length - 1]?.push(t);
  }
  const call: RubyCall = { positional: [], options: new Map() };
  for (const arg of args) {
    const values = arg.filter((t) => t.kind === 'str' || t.kind === 'sym');
    const [first, second] = arg;
    if (first?.kind === 'label') call.options.set(first.value, values.map((t) => t.value));
    else if (first && second?.kind === 'arrow' && (first.kind === 'sym' || first.kind === 'str')) {
      call.options.set(first.value, values.slice(1).map((t) => t.value));
    } else call.positional.push(...values);
  }
  return call;
}

function gemDependency(name: string, constraints: string[], file: string, line: number, dev: boolean): Dependency {
  const d: Dependency = { ecosystem: 'rubygems', name, file, line };
  if (constraints.length) {
    const spec = constraints.join(', ');
    d.declared = spec;
    const range = toSemverRange('rubygems', spec);
    if (range) d.range = range;
    const version = constraints.length === 1 ? pinnedVersion('rubygems', spec) : undefined;
    if (version) d.version = version;
  }
  if (dev) d.dev = true;
  return d;
}

function devGroups(groups: string[]): boolean {
  return groups.length > 0 && groups.every(isDevName);
}

/**
 * Reads a Gemfile (https://bundler.io/guides/gemfile.html), line by line since it is Ruby:
 * `gem 'name', '~> 4.0', '< 4.8', require: false` lines; `group :development, :test do … end`
 * blocks and `group:`/`groups:` options make dev when every group named is dev/test. Other
 * blocks (`platforms`, `source … do`, `if`) are followed so that their `end` closes them.
 * Gems whose constraints are computed (variables, method calls) are kept without a range.
 */
export function parseGemfile(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const stack: { dev?: boolean; line: number }[] = [];
  splitLines(text).forEach((raw, k) => {
    const lineNo = k + 1;
    const code = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!code) return;
    if (/^end\b/.test(code)) {
      if (!stack.pop()) result.problems.push(problem(file, '"end" without an open block', lineNo));
      return;
    }
    const group = /^group\b\s*\(?(.*)$/.exec(code);
    if (group) {
      const call = rubyCall(group[1] ?? '');
      stack.push({ dev: devGroups(call.positional.map((t) => t.value)), line: lineNo });
      return;
    }
    const gem = /^gem\b\s*\(?(.*)$/.exec(code);
    if (gem) {
      const call = rubyCall(gem[1] ?? '');
      const [name, ...rest] = call.positional;
      if (name?.kind !== 'str' || !name.value) {
        result.problems.push(problem(file, 'gem without a name string', lineNo));
        return;
      }
      const constraints = rest.filter((t) => t.kind === 'str').map((t) => t.value);
      const own = [...(call.options.get('group') ?? []), ...(call.options.get('groups') ?? [])];
      const inherited = [...stack].reverse().find((f) => f.dev !== undefined)?.dev ?? false;
      result.dependencies.push(gemDependency(name.value, constraints, file, lineNo, own.length ? devGroups(own) : inherited));
      return;
    }
    if (/\bdo\s*(\|[^|]*\|)?\s*$/.test(code) || /^(if|unless|case|while|until|begin|def|class|module)\b/.test(code)) {
      stack.push({ line: lineNo });
    }
  });
  const open = stack.pop();
  if (open) result.problems.push(problem(file, 'block is not closed with "end"', open.line));
  return result;
}

/**
 * Reads a *.gemspec (https://guides.rubygems.org/specification-reference/#add_runtime_dependency):
 * `add_dependency`, `add_runtime_dependency` and `add_development_dependency` (dev) calls, with
 * constraints as strings or an array (`%q<redis>.freeze, [">= 4"]` as `gem build` writes them).
 */
export function parseGemspec(file: string, text: string): ManifestResult {
  const result = emptyResult();
  splitLines(text).forEach((raw, k) => {
    const m = /\.add_(runtime_|development_)?dependency\b\s*\(?(.*)$/.exec(raw);
    if (!m || /^\s*#/.test(raw)) return;
    const call = rubyCall(m[2] ?? '');
    const [name, ...rest] = call.positional;
    if (name?.kind !== 'str' || !name.value) {
      result.problems.push(problem(file, 'add_dependency without a name string', k + 1));
      return;
    }
    const constraints = rest.filter((t) => t.kind === 'str').map((t) => t.value);
    result.dependencies.push(gemDependency(name.value, constraints, file, k + 1, m[1] === 'development_'));
  });
  return result;
}

/**
 * Reads Gemfile.lock (Bundler's lock file, https://bundler.io/guides/rationale.html#checking-your-code-into-version-control):
 * the `specs:` of GEM, GIT, PATH and PLUGIN SOURCE sections, `    name (version)` lines; a
 * platform suffix (`1.15.4-x86_64-linux`) is dropped from the version. Lines under `specs:`
 * that are not specs, and merge conflict markers, become problems. The lock file does not say
 * which gems are dev-only.
 */
export function parseGemfileLock(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const lines = splitLines(text);
  const marker = conflictMarkerLine(lines);
  if (marker !== undefined) result.problems.push(problem(file, 'unresolved merge conflict markers', marker));
  let section = '';
  let inSpecs = false;
  lines.forEach((line, k) => {
    // Both sides of a conflict are read: the markers stay inside the section they split.
    if (!line.trim() || /^(<{7}|={7}|>{7})(\s|$)/.test(line)) return;
    if (/^\S/.test(line)) {
      section = line.trim();
      inSpecs = false;
      return;
    }
    if (!['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE'].includes(section)) return;
    if (/^ {2}specs:\s*$/.test(line)) { inSpecs = true; return; }
    if (/^ {2}\S/.test(line)) { inSpecs = false; return; }
    if (!inSpecs || !/^ {4}\S/.test(line)) return;
    const m = /^ {4}([^\s(]+) \(([^)\s]+)\)\s*$/.exec(line);
    if (!m?.[1] || !m[2]) {
      result.problems.push(problem(file, `not a "name (version)" spec line: ${line.trim()}`, k + 1));
      return;
    }
    const version = m[2].split('-')[0] ?? m[2];
    result.dependencies.push({ ecosystem: 'rubygems', name: m[1], version, file, line: k + 1, locked: true });
  });
  return result;
}
