import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { applySpec } from './ranges.js';
import { emptyResult, isRecord, LineIndex, problem } from './text.js';
import type { Dependency, ManifestResult } from './types.js';

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

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

/**
 * Reads a Maven pom.xml (https://maven.apache.org/pom.html): `<dependencies>` of the project and
 * of its profiles. `${name}` in coordinates and versions is resolved from `<properties>` and
 * `project.version`/`project.groupId` (with the parent's as fallback), nested references
 * included; a dependency without a version takes the one `<dependencyManagement>` gives it.
 * A plain version is a pin (Maven uses it unless a conflict picks another); ranges become
 * `range`. `<scope>test</scope>` is dev. Versions inherited from a parent POM or a BOM are not
 * known here: such dependencies carry no version. A malformed file gives a problem with the
 * validator's line, and whatever the parser could still read.
 */
export function parsePom(file: string, xml: string): ManifestResult {
  const result = emptyResult();
  const valid = XMLValidator.validate(xml);
  if (valid !== true) result.problems.push(problem(file, `XML syntax error: ${valid.err.msg}`, valid.err.line));
  let data: unknown;
  try {
    data = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      captureMetaData: true,
      isArray: (name) => name === 'dependency' || name === 'profile',
    }).parse(xml);
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
  const properties = project.properties;
  if (isRecord(properties)) {
    for (const [k, v] of Object.entries(properties)) {
      const t = text(v);
      if (t !== undefined) props.set(k, t);
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
  for (const dep of list(child(project, 'dependencyManagement', 'dependencies', 'dependency'))) {
    const g = text(dep.groupId);
    const a = text(dep.artifactId);
    const v = text(dep.version);
    if (g && a && v) managed.set(`${resolve(g)}:${resolve(a)}`, v);
  }

  const lines = new LineIndex(xml);
  const deps = [
    ...list(child(project, 'dependencies', 'dependency')),
    ...list(child(project, 'profiles', 'profile')).flatMap((p) => list(child(p, 'dependencies', 'dependency'))),
  ];
  for (const dep of deps) {
    const meta = (dep as Record<symbol, unknown>)[META];
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
