import { applySpec } from './ranges.js';
import { emptyResult, problem, splitLines } from './text.js';
import type { Dependency, ManifestResult } from './types.js';

/** Configuration names whose calls declare dependencies, alone or as a suffix (`testImplementation`). */
const CONFIGURATIONS = ['implementation', 'api', 'compile', 'compileOnly', 'runtimeOnly', 'runtime', 'classpath',
  'annotationProcessor', 'kapt', 'ksp', 'developmentOnly', 'providedCompile', 'providedRuntime', 'compileOnlyApi'];

function isConfiguration(name: string): boolean {
  return CONFIGURATIONS.some((c) => name === c || name.endsWith(c.charAt(0).toUpperCase() + c.slice(1)));
}

/** Code without comments, line for line: `//` outside strings and `/* … *\/` across lines. */
function stripComments(lines: string[]): { code: string[]; openComment?: number } {
  let openComment: number | undefined;
  const code = lines.map((line, k) => {
    let out = '';
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const c = line.charAt(i);
      if (openComment !== undefined) {
        if (line.startsWith('*/', i)) { openComment = undefined; i++; }
        continue;
      }
      if (quote) {
        out += c;
        if (c === '\\') { out += line.charAt(i + 1); i++; } else if (c === quote) quote = undefined;
        continue;
      }
      if (line.startsWith('//', i)) break;
      if (line.startsWith('/*', i)) { openComment = k + 1; i++; continue; }
      if (c === '"' || c === "'") quote = c;
      out += c;
    }
    return out;
  });
  return openComment === undefined ? { code } : { code, openComment };
}

const VARIABLE = /(?:\b(?:def|val|var|String)\s+|\bext\.|^\s*)(\w+)\s*(?::\s*String\s*)?=\s*(["'])([^"'$]*)\2\s*$/;
const EXTRA = /\b(?:extra\s*\[|set\s*\()\s*["'](\w+)["']\s*(?:\]\s*=|,)\s*["']([^"'$]*)["']/;
const STRING_NOTATION = /\b([A-Za-z_]\w*)\s*\(?\s*(?:(?:platform|enforcedPlatform|testFixtures)\s*\(\s*)?(["'])([^"'\s]+)\2/g;
const MAP_NOTATION = /\b([A-Za-z_]\w*)\s*\(?\s*group\s*[:=]\s*(["'])([^"']+)\2\s*,\s*name\s*[:=]\s*(["'])([^"']+)\4(?:\s*,\s*version\s*[:=]\s*(["'])([^"']+)\6)?/g;

function mavenDependency(group: string, artifact: string, spec: string | undefined, file: string, line: number, dev: boolean): Dependency {
  const d: Dependency = { ecosystem: 'maven', name: `${group}:${artifact}`, file, line };
  if (spec) applySpec(d, spec);
  if (dev) d.dev = true;
  return d;
}

/**
 * Reads build.gradle (Groovy) or build.gradle.kts (Kotlin). Gradle scripts are programs and no
 * parser for them exists on npm, so this reads lines: calls of dependency configurations
 * (`implementation`, `api`, `testImplementation`, `classpath`, … https://docs.gradle.org/current/userguide/declaring_dependencies.html)
 * with string notation `'g:a:v'`/`("g:a:v")` (also inside `platform(...)`) or map notation
 * `group: 'g', name: 'a', version: 'v'` / `group = "g", name = "a", version = "v"`. `$name` and
 * `${name}` in double-quoted strings are replaced by string variables the same file assigns
 * (`def`, `val`, `ext.`, `extra["…"]`). Configurations named `test…`/`…Test…` are dev.
 * Not read: version catalogs (`libs.…`), gradle.properties, `project(...)` and `files(...)`,
 * rich version blocks (`strictly`), dependencies built in code.
 */
export function parseBuildGradle(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const { code, openComment } = stripComments(splitLines(text));
  if (openComment !== undefined) result.problems.push(problem(file, 'comment opened with /* is never closed', openComment));
  const vars = new Map<string, string>();
  for (const line of code) {
    const m = VARIABLE.exec(line) ?? EXTRA.exec(line);
    const name = m?.[1];
    const value = m?.[m.length === 4 ? 3 : 2];
    if (name && value !== undefined && !vars.has(name)) vars.set(name, value);
  }
  const interpolate = (s: string, quote: string): string => (quote === '"'
    ? s.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a?: string, b?: string) => vars.get(a ?? b ?? '') ?? whole)
    : s);

  code.forEach((line, k) => {
    const lineNo = k + 1;
    for (const m of line.matchAll(MAP_NOTATION)) {
      const [, conf = '', q1 = '', group = '', q2 = '', name = '', q3 = '', version] = m;
      if (!isConfiguration(conf)) continue;
      const spec = version === undefined ? undefined : interpolate(version, q3);
      result.dependencies.push(mavenDependency(interpolate(group, q1), interpolate(name, q2), spec, file, lineNo, /test/i.test(conf)));
    }
    for (const m of line.matchAll(STRING_NOTATION)) {
      const [, conf = '', quote = '', raw = ''] = m;
      if (!isConfiguration(conf)) continue;
      const notation = interpolate(raw, quote).replace(/@[^:]*$/, '');
      const parts = notation.split(':');
      if (parts.length < 2 || !parts[0] || !parts[1]) {
        if (!notation.includes('$')) result.problems.push(problem(file, `${conf}: "${raw}" is not group:name[:version]`, lineNo));
        continue;
      }
      result.dependencies.push(mavenDependency(parts[0], parts[1], parts[2] || undefined, file, lineNo, /test/i.test(conf)));
    }
  });
  return result;
}

/**
 * Reads gradle.lockfile (https://docs.gradle.org/current/userguide/dependency_locking.html):
 * `group:artifact:version=conf1,conf2` lines; `empty=` and `#` lines are skipped. A dependency is
 * dev when every configuration it is locked for is a test one. Other lines are problems.
 */
export function parseGradleLockfile(file: string, text: string): ManifestResult {
  const result = emptyResult();
  splitLines(text).forEach((raw, k) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('empty=')) return;
    const m = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$/.exec(line);
    if (!m?.[1] || !m[2] || !m[3]) {
      result.problems.push(problem(file, `not group:artifact:version=configurations: ${line}`, k + 1));
      return;
    }
    const confs = (m[4] ?? '').split(',').map((c) => c.trim()).filter(Boolean);
    const d: Dependency = { ecosystem: 'maven', name: `${m[1]}:${m[2]}`, version: m[3], file, line: k + 1, locked: true };
    if (confs.length && confs.every((c) => /test/i.test(c))) d.dev = true;
    result.dependencies.push(d);
  });
  return result;
}
