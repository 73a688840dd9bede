import { statSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { lazyRequire } from '../../lazy.js';
import { applySpec } from './ranges.js';
import { emptyResult, isRecord, LineIndex, problem, readText } from './text.js';
import type { Dependency, ManifestResult } from './types.js';

const fastXml = lazyRequire<typeof import('fast-xml-parser')>('fast-xml-parser');

let meta: symbol | undefined;
/** The key under which fast-xml-parser keeps an element's start position. */
const META = (): symbol => (meta ??= fastXml().XMLParser.getMetaDataSymbol() as unknown as symbol);

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : isRecord(v) ? [v] : [];
}

function child(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const p of path) cur = isRecord(cur) ? cur[p] : undefined;
  return cur;
}

function parseXml(xml: string): unknown {
  return new (fastXml().XMLParser)({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    captureMetaData: true,
    isArray: (name) => name === 'dependency' || name === 'profile',
  }).parse(xml);
}

/** How many parent POMs are followed up from a project (Maven hierarchies are a few levels deep). */
const MAX_PARENTS = 10;

/**
 * The parent POMs of a project that are on disk, nearest first, as Maven finds them
 * (https://maven.apache.org/ref/current/maven-model/maven.html#parent): `<relativePath>` from the
 * project's directory, a file or a directory holding pom.xml, `../pom.xml` when absent, none
 * when empty; a file counts only when its groupId (its own or its parent's) and artifactId are
 * the ones `<parent>` names (otherwise Maven takes the parent from a repository, which is not
 * read here). A file that cannot be read or parsed ends the chain.
 */
function parentProjects(file: string, project: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set([resolvePath(file)]);
  let cur = project;
  let dir = dirname(file);
  while (out.length < MAX_PARENTS) {
    const parent = child(cur, 'parent');
    if (!isRecord(parent)) break;
    const rel = parent.relativePath === undefined ? '../pom.xml' : text(parent.relativePath) ?? '';
    if (!rel) break;
    let path = resolvePath(dir, rel);
    try {
      if (statSync(path).isDirectory()) path = join(path, 'pom.xml');
    } catch {
      break;
    }
    if (seen.has(path)) break;
    seen.add(path);
    const read = readText(path);
    if ('problem' in read) break;
    let next: unknown;
    try {
      next = child(parseXml(read.text), 'project');
    } catch {
      break;
    }
    if (!isRecord(next)) break;
    const group = text(next.groupId) ?? text(child(next, 'parent', 'groupId'));
    if (text(next.artifactId) !== text(parent.artifactId) || group !== text(parent.groupId)) break;
    out.push(next);
    cur = next;
    dir = dirname(path);
  }
  return out;
}

/**
 * Reads a Maven pom.xml (https://maven.apache.org/pom.html): `<dependencies>` of the project and
 * of its profiles. `${name}` in coordinates and versions is resolved from `<properties>` and
 * `project.version`/`project.groupId` (with the parent's as fallback), nested references
 * included; a dependency without a version takes the one `<dependencyManagement>` gives it.
 * Parent POMs on disk (parentProjects: a multi-module build's parent and its parents) add their
 * `<properties>` and `<dependencyManagement>`, the nearest one winning, as Maven's inheritance
 * does; their own dependencies are read from their own files. A plain version is a pin (Maven uses
 * it unless a conflict picks another); ranges become `range`. `<scope>test</scope>` is dev.
 * Versions from a parent that is not on disk (taken from a repository, like
 * spring-boot-starter-parent), from a BOM imported with `<scope>import</scope>`, or from a
 * profile's properties are not known here: such dependencies carry no version. A malformed file
 * gives a problem with the validator's line, and whatever the parser could still read.
 */
export function parsePom(file: string, xml: string): ManifestResult {
  const result = emptyResult();
  const valid = fastXml().XMLValidator.validate(xml);
  if (valid !== true) result.problems.push(problem(file, `XML syntax error: ${valid.err.msg}`, valid.err.line));
  let data: unknown;
  try {
    data = parseXml(xml);
  } catch (err) {
    if (valid === true) result.problems.push(problem(file, `XML error: ${err instanceof Error ? err.message : String(err)}`));
    return result;
  }
  const project = child(data, 'project');
  if (!isRecord(project)) {
    if (valid === true) result.problems.push(problem(file, 'no <project> element'));
    return result;
  }

  const props = new Map<string, string>();
  const parents = parentProjects(file, project);
  // The project's own properties, then each parent's that the nearer ones do not set.
  for (const p of [project, ...parents]) {
    const properties = p.properties;
    if (!isRecord(properties)) continue;
    for (const [k, v] of Object.entries(properties)) {
      const t = text(v);
      if (t !== undefined && !props.has(k)) props.set(k, t);
    }
  }
  for (const field of ['version', 'groupId', 'artifactId']) {
    const own = text(project[field]) ?? text(child(project, 'parent', field));
    if (own !== undefined) {
      props.set(`project.${field}`, own);
      props.set(`pom.${field}`, own);
    }
    const parent = text(child(project, 'parent', field));
    if (parent !== undefined) props.set(`project.parent.${field}`, parent);
  }
  const resolve = (value: string): string => {
    let out = value;
    // Properties may name properties; ten rounds end a cycle.
    for (let round = 0; round < 10 && out.includes('${'); round++) {
      const next = out.replace(/\$\{([^}]+)\}/g, (whole, name: string) => props.get(name.trim()) ?? whole);
      if (next === out) break;
      out = next;
    }
    return out;
  };

  const managed = new Map<string, string>();
  for (const p of [project, ...parents]) {
    for (const dep of list(child(p, 'dependencyManagement', 'dependencies', 'dependency'))) {
      const g = text(dep.groupId);
      const a = text(dep.artifactId);
      const v = text(dep.version);
      const key = g && a ? `${resolve(g)}:${resolve(a)}` : undefined;
      if (key && v && !managed.has(key)) managed.set(key, v);
    }
  }

  const lines = new LineIndex(xml);
  const deps = [
    ...list(child(project, 'dependencies', 'dependency')),
    ...list(child(project, 'profiles', 'profile')).flatMap((p) => list(child(p, 'dependencies', 'dependency'))),
  ];
  for (const dep of deps) {
    const meta = (dep as Record<symbol, unknown>)[META()];
    const start = isRecord(meta) && typeof meta.startIndex === 'number' ? meta.startIndex : undefined;
    const line = start === undefined ? undefined : lines.lineOf(start);
    const g = text(dep.groupId);
    const a = text(dep.artifactId);
    if (!g || !a) {
      result.problems.push(problem(file, 'dependency without groupId or artifactId', line));
      continue;
    }
    const name = `${resolve(g)}:${resolve(a)}`;
    const raw = text(dep.version) || managed.get(name);
    const d: Dependency = { ecosystem: 'maven', name, file };
    if (raw) applySpec(d, resolve(raw));
    if (line !== undefined) d.line = line;
    if (text(dep.scope) === 'test') d.dev = true;
    result.dependencies.push(d);
  }
  return result;
}
