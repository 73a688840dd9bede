import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A small on-disk cache of values derived from files, so that a run does not redo work whose
 * inputs have not changed (parsing and validating the rule packs: ~0.4 s, most of a run's fixed
 * cost). A value is stored under a key that hashes everything it was derived from (the inputs'
 * bytes and the code and library versions that derived it), so a stale value is never read.
 *
 * Where: `$REDIS_UPGRADE_LINT_CACHE` (`off` turns the cache off), else
 * `$XDG_CACHE_HOME/redis-upgrade-lint`, else `~/.cache/redis-upgrade-lint`. A cache that cannot be
 * read or written is no cache: the value is computed, nothing is reported.
 */
export function cacheDir(): string | undefined {
  const env = process.env.REDIS_UPGRADE_LINT_CACHE;
  if (env === 'off') return undefined;
  if (env) return env;
  try {
    return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'redis-upgrade-lint');
  } catch {
    return undefined;
  }
}

/** A hex SHA-256 of the parts (strings or bytes), each prefixed by its length so that no two lists hash alike. */
export function hashOf(parts: readonly (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const b = typeof p === 'string' ? Buffer.from(p) : p;
    h.update(`${b.length}:`);
    h.update(b);
  }
  return h.digest('hex');
}

const require = createRequire(import.meta.url);

/** The version of an installed package, for cache keys (`?` when it cannot be read). */
export function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Values kept per name: the newest few keys (packs under edit, or two builds of the tool, do not evict each other at once). */
const KEEP = 4;

/**
 * The value cached under `name` for `key` (a hashOf), or `compute()`'s, which is then stored as
 * JSON (`name.KEY.json`; only the KEEP newest files of a name are kept). `compute`'s value must
 * survive JSON (plain data); it is returned as computed, a cached one as parsed (a fresh object).
 */
export function cached<T>(name: string, key: string, compute: () => T): T {
  const dir = cacheDir();
  if (!dir) return compute();
  const file = join(dir, `${name}.${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // Not cached yet (or unreadable): compute it.
  }
  const value = compute();
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    // Atomic, so that a concurrent run reads a whole file or none.
    renameSync(tmp, file);
    const mine = readdirSync(dir).filter((f) => f.startsWith(`${name}.`) && f.endsWith('.json')).map((f) => join(dir, f));
    const age = (f: string) => { try { return statSync(f).mtimeMs; } catch { return 0; } };
    for (const old of mine.sort((a, b) => age(b) - age(a)).slice(KEEP)) {
      try { unlinkSync(old); } catch { /* removed by another run */ }
    }
  } catch {
    // A read-only or full disk: run without the cache.
  }
  return value;
}
