import { lazyRequire } from '../../lazy.js';
import { aliasTarget } from './npm.js';
import { conflictMarkerLine, emptyResult, isRecord, problem, splitLines, str } from './text.js';
import type { Dependency, ManifestResult } from './types.js';
import { parseYamlLenient } from './yaml-lines.js';

// A webpack-bundled CommonJS module: its default export is module.exports under Node's ESM
// loader but not under every bundler or test runner, while require() is the same everywhere.
const lockfile = lazyRequire<typeof import('@yarnpkg/lockfile')>('@yarnpkg/lockfile');

/** `"@redis/client@^1.5.0"` → name `@redis/client`, range `^1.5.0`; an alias names its target. */
function descriptor(text: string): { name: string; range: string } | undefined {
  const d = text.trim().replace(/^"(.*)"$/, '$1');
  const at = d.indexOf('@', 1);
  if (at <= 0) return undefined;
  const range = d.slice(at + 1);
  return { name: aliasTarget(range) ?? d.slice(0, at), range };
}

/**
 * Reads yarn.lock: Yarn 1's own format (https://classic.yarnpkg.com/en/docs/yarn-lock) through
 * `@yarnpkg/lockfile`, or, when it has a `__metadata:` entry, Yarn 2+ (berry) YAML
 * (no published schema: descriptor keys mapped to `version` and `resolution`, see
 * https://yarnpkg.com/advanced/lexicon#descriptor). yarn.lock does not say which packages are
 * dev-only, so `dev` is never set. Workspace, link and portal entries (local folders) and
 * `patch:` entries (the patched package has its own entry) are skipped.
 */
export function parseYarnLock(file: string, text: string): ManifestResult {
  return /^__metadata:/m.test(text) ? parseBerry(file, text) : parseClassic(file, text);
}

function classicError(err: unknown): { message: string; line?: number } {
  const raw = err instanceof Error ? err.message : String(err);
  const pos = /(\d+):(\d+) in [^ ]*$/.exec(raw);
  const message = raw.replace(/\s*\d+:\d+ in [^ ]*$/, '').replace(/\{[^}]*type: '(\w+)'[^}]*\}/, '$1');
  return pos ? { message, line: Number(pos[1]) } : { message };
}

function parseClassic(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const lines = splitLines(text);
  const headerLine = new Map<string, number>();
  const starts: number[] = [];
  lines.forEach((line, k) => {
    if (!/^[^\s#]/.test(line)) return;
    starts.push(k);
    if (!line.trimEnd().endsWith(':')) return;
    for (const p of line.trimEnd().slice(0, -1).split(/,\s*/)) headerLine.set(p.trim().replace(/^"(.*)"$/, '$1'), k + 1);
  });

  const objects: Record<string, unknown>[] = [];
  try {
    const parsed = lockfile().parse(text, file);
    if (parsed.type !== 'success') {
      result.problems.push(problem(file, parsed.type === 'merge'
        ? 'unresolved merge conflict markers (both sides were read)'
        : 'unresolved merge conflict markers that could not be read', conflictMarkerLine(lines)));
    }
    objects.push(parsed.object as unknown as Record<string, unknown>);
  } catch {
    // One entry at a time, so that a broken entry costs only itself. The parser's own line
    // numbers drift over blank and comment lines, so they are taken relative to the entry.
    starts.forEach((start, n) => {
      const end = starts[n + 1] ?? lines.length;
      try {
        objects.push(lockfile().parse(lines.slice(start, end).join('\n'), file).object as unknown as Record<string, unknown>);
      } catch (err) {
        const e = classicError(err);
        const line = e.line === undefined ? start + 1 : Math.min(start + e.line, end);
        result.problems.push(problem(file, `yarn.lock syntax error: ${e.message}`, line));
      }
    });
  }

  // Several patterns share one entry object: one dependency per entry.
  const seen = new Set<unknown>();
  for (const object of objects) {
    for (const [pattern, entry] of Object.entries(object)) {
      if (seen.has(entry) || !isRecord(entry)) continue;
      seen.add(entry);
      const desc = descriptor(pattern);
      if (!desc || /^(file|link|workspace):/.test(desc.range)) continue;
      const d: Dependency = { ecosystem: 'npm', name: desc.name, file, locked: true };
      const version = str(entry.version);
      if (version) d.version = version;
      const line = headerLine.get(pattern);
      if (line !== undefined) d.line = line;
      result.dependencies.push(d);
    }
  }
  return result;
}

function parseBerry(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const yaml = parseYamlLenient(text);
  for (const p of yaml.problems) result.problems.push(problem(file, p.message, p.line));
  if (!isRecord(yaml.value)) return result;
  const lines = yaml.keyLines([]);
  const seen = new Set<string>();
  for (const [key, entry] of Object.entries(yaml.value)) {
    if (key === '__metadata' || !isRecord(entry)) continue;
    const resolution = str(entry.resolution);
    const desc = resolution ? descriptor(resolution) : descriptor(key.split(',')[0] ?? '');
    if (!desc || /^(workspace|link|portal|patch):/.test(desc.range)) continue;
    if (resolution) {
      if (seen.has(resolution)) continue;
      seen.add(resolution);
    }
    const d: Dependency = { ecosystem: 'npm', name: desc.name, file, locked: true };
    const version = entry.version;
    if (typeof version === 'string' || typeof version === 'number') d.version = String(version);
    const line = lines.get(key);
    if (line !== undefined) d.line = line;
    result.dependencies.push(d);
  }
  return result;
}
