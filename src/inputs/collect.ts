import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { messageOf } from '../errors.js';

/** What the paths given on the command line turned out to hold. */
export interface CollectedInputs {
  configFiles: string[];
  /** One line each: a path that could not be used. */
  errors: string[];
  /** Files seen and not checked by any input kind yet, with the reason. */
  skipped: { path: string; reason: string }[];
  /** Files under the directories given that are not configuration (source, data), by directory. */
  otherFiles: Map<string, number>;
}

const CONF_NAME = /\.conf$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'vendor', '.venv', 'venv', '__pycache__']);

/**
 * Does a file read like a redis.conf? Its first directive lines start with known directive names.
 * `known` answers whether a lowercase name is a directive of any known release.
 */
export function looksLikeConfig(file: string, known: (name: string) => boolean): boolean | 'unreadable' {
  let head = '';
  try {
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(16384);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    if (buf.subarray(0, n).includes(0)) return false;
    head = buf.subarray(0, n).toString('utf8');
  } catch {
    return 'unreadable';
  }
  const names = head.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .slice(0, 40).map((l) => (l.split(/\s+/)[0] ?? '').toLowerCase());
  if (names.length === 0) return false;
  const hits = names.filter(known).length;
  return hits >= Math.max(1, Math.ceil(names.length * 0.8));
}

/**
 * Expands the command-line paths. A file is taken as configuration when its name ends in .conf
 * or its content reads like one; a directory is walked (skipping node_modules, .git, dist,
 * vendor and virtualenvs) for such files. Never throws: a missing path is an entry in `errors`.
 */
export function collectInputs(paths: string[], known: (name: string) => boolean): CollectedInputs {
  const out: CollectedInputs = { configFiles: [], errors: [], skipped: [], otherFiles: new Map() };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      out.errors.push(`${p}: ${code === 'ENOENT' ? 'no such file or directory' : messageOf(err)}`);
      continue;
    }
    if (st.isDirectory()) {
      const before = out.configFiles.length;
      walk(p, p, known, out);
      if (out.configFiles.length === before) out.errors.push(`${p}: no configuration files found (looked for *.conf files that read like redis.conf or sentinel.conf)`);
    } else if (CONF_NAME.test(basename(p)) || looksLikeConfig(p, known) !== false) {
      out.configFiles.push(p);
    } else {
      out.skipped.push({ path: p, reason: 'not a configuration file; source files are not analysed by this version' });
    }
  }
  return out;
}

function walk(root: string, dir: string, known: (name: string) => boolean, out: CollectedInputs): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    out.errors.push(`${dir}: cannot read directory: ${messageOf(err).replace(/^[A-Z]+: /, '')}`);
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(root, p, known, out);
    } else if (e.isFile() && CONF_NAME.test(e.name)) {
      if (looksLikeConfig(p, known) !== false) out.configFiles.push(p);
      else out.skipped.push({ path: p, reason: 'a .conf file that does not read like redis.conf or sentinel.conf' });
    } else {
      out.otherFiles.set(root, (out.otherFiles.get(root) ?? 0) + 1);
    }
  }
}
