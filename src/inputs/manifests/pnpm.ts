import semver from 'semver';
import { emptyResult, isRecord, problem, str } from './text.js';
import type { Dependency, ManifestResult } from './types.js';
import { parseYamlLenient } from './yaml-lines.js';

type NameVersion = { name: string; version: string };

/** Lock file 5.x keys: `/redis/4.6.0`, `/@redis/client/1.5.8`, `/foo/1.0.0_bar@2.0.0` (peers after `_`). */
function keyV5(key: string): NameVersion | undefined {
  const parts = key.replace(/^\//, '').split('/');
  if (parts.length < 2) return undefined;
  const version = (parts.pop() ?? '').split('_')[0] ?? '';
  const scoped = parts.length >= 2 && (parts[parts.length - 2] ?? '').startsWith('@');
  const name = (scoped ? parts.slice(-2) : parts.slice(-1)).join('/');
  return semver.valid(version) ? { name, version } : undefined;
}

/** Lock file 6 and 9 keys: `/redis@4.6.0` (6), `redis@4.6.0` (9), peers in parentheses after the version. */
function keyV6(key: string): NameVersion | undefined {
  const k = key.replace(/^\//, '').split('(')[0] ?? '';
  const at = k.lastIndexOf('@');
  if (at <= 0) return undefined;
  const version = k.slice(at + 1);
  return semver.valid(version) ? { name: k.slice(0, at), version } : undefined;
}

/**
 * Lock file 9 has no `dev` flags: a package is dev when only importers' `devDependencies`
 * reach it through `snapshots`.
 */
function devByReach(root: Record<string, unknown>): (key: string) => boolean | undefined {
  const snapshots = isRecord(root.snapshots) ? root.snapshots : {};
  const importers = isRecord(root.importers) ? root.importers : {};
  // An alias's version is `name@version`; a plain one may carry peers `4.6.0(@types/node@20.0.0)`.
  const ref = (name: string, version: string): string | undefined => {
    if (/^(link|file):/.test(version)) return undefined;
    return (version.split('(')[0] ?? '').includes('@') ? version : `${name}@${version}`;
  };
  const reach = (roots: string[]): Set<string> => {
    const out = new Set<string>();
    const visited = new Set<string>();
    const queue = [...roots];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      if (visited.has(key)) continue;
      visited.add(key);
      out.add(key.split('(')[0] ?? key);
      const snap = snapshots[key];
      if (!isRecord(snap)) continue;
      for (const field of ['dependencies', 'optionalDependencies']) {
        const deps = snap[field];
        if (!isRecord(deps)) continue;
        for (const [n, v] of Object.entries(deps)) {
          const r = typeof v === 'string' ? ref(n, v) : undefined;
          if (r) queue.push(r);
        }
      }
    }
    return out;
  };
  const roots = (fields: string[]): string[] => {
    const out: string[] = [];
    for (const imp of Object.values(importers)) {
      if (!isRecord(imp)) continue;
      for (const field of fields) {
        const deps = imp[field];
        if (!isRecord(deps)) continue;
        for (const [n, v] of Object.entries(deps)) {
          const version = isRecord(v) ? str(v.version) : str(v);
          const r = version ? ref(n, version) : undefined;
          if (r) out.push(r);
        }
      }
    }
    return out;
  };
  const prod = reach(roots(['dependencies', 'optionalDependencies']));
  const dev = reach(roots(['devDependencies']));
  return (key) => (dev.has(key) ? !prod.has(key) : prod.has(key) ? false : undefined);
}

/**
 * Reads pnpm-lock.yaml (https://github.com/pnpm/spec/tree/master/lockfile), lock file versions
 * 5.x (`/name/version` keys), 6.0 (`/name@version`) and 9.0 (`name@version`, `snapshots`).
 * Every `packages` entry is one locked dependency; `dev` comes from the entry's `dev` flag (5, 6)
 * or from what reaches it (9). Local and Git packages without a registry version are skipped
 * unless the entry names itself. A YAML error keeps the entries the parser recovered.
 */
export function parsePnpmLock(file: string, text: string): ManifestResult {
  const result = emptyResult();
  const yaml = parseYamlLenient(text);
  for (const p of yaml.problems) result.problems.push(problem(file, p.message, p.line));
  const root = yaml.value;
  if (!isRecord(root)) return result;
  const major = Math.floor(Number.parseFloat(String(root.lockfileVersion ?? '')));
  if (!Number.isFinite(major)) result.problems.push(problem(file, 'no lockfileVersion: read as lock file 9'));
  const packages = root.packages;
  if (!isRecord(packages)) return result;
  const version9 = !Number.isFinite(major) || major >= 9;
  const devOf = version9 ? devByReach(root) : undefined;
  const lines = yaml.keyLines(['packages']);
  for (const [key, entry] of Object.entries(packages)) {
    if (!isRecord(entry)) continue;
    const parsed = major < 6 ? keyV5(key) : keyV6(key);
    const name = str(entry.name) ?? parsed?.name;
    const version = str(entry.version) ?? parsed?.version;
    if (!name) continue;
    const d: Dependency = { ecosystem: 'npm', name, file, locked: true };
    if (version && semver.valid(version)) d.version = version;
    const line = lines.get(key);
    if (line !== undefined) d.line = line;
    const dev = devOf ? devOf(`${name}@${version ?? ''}`) : entry.dev === true;
    if (dev) d.dev = true;
    result.dependencies.push(d);
  }
  return result;
}
