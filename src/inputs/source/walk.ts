import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { errorText, messageOf } from '../../errors.js';

/** Directories of vendored, generated or tool-owned files, skipped unless `includeVendored`. */
export const VENDORED_DIRS: ReadonlySet<string> = new Set([
  'node_modules', 'bower_components', 'vendor', 'third_party', 'dist', 'build', 'target', 'out', 'coverage',
  '.git', '.hg', '.svn', '.venv', 'venv', 'env', '.env', '.tox', '.nox', '__pycache__', '.mypy_cache',
  '.pytest_cache', 'site-packages', '.bundle', '.gradle', '.idea', '.next', '.nuxt',
]);

export interface WalkOptions {
  /** Walk node_modules, vendor, dist, virtualenvs… too. */
  includeVendored?: boolean;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

/**
 * One file found, with its size in bytes when the walk learnt it: regular files are not stat'ed
 * (their size is -1; readers find a file too large as they read it, see readSourceBytes), files
 * reached through a symbolic link are.
 */
export interface WalkedFile { path: string; size: number }

export interface WalkResult {
  files: WalkedFile[];
  /** Things not walked, each with a one-line reason (a symlinked directory, an unreadable directory). */
  skipped: { path: string; reason: string }[];
  /** Directories left out because they are vendored or generated (counted, not listed one by one). */
  vendored: string[];
}

interface IgnoreScope { base: string; matcher: Ignore }

function readGitignore(dir: string): Ignore | undefined {
  let text: string;
  try { text = readFileSync(join(dir, '.gitignore'), 'utf8'); } catch { return undefined; }
  return ignore().add(text);
}

/** The path relative to an ancestor, with `/`: a slice when it starts with the ancestor as written. */
function relativeTo(base: string, path: string): string {
  const rel = path.length > base.length + 1 && path.startsWith(base) && path[base.length] === sep ? path.slice(base.length + 1) : relative(base, path);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

function ignored(scopes: IgnoreScope[], path: string, isDir: boolean): boolean {
  for (const s of scopes) {
    const rel = relativeTo(s.base, path);
    if (!rel || rel.startsWith('..')) continue;
    if (s.matcher.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/**
 * Lists the files under a directory, in a stable (sorted) order. Honours every .gitignore on the
 * way down (the `ignore` package implements git's matching rules) and skips vendored and generated
 * directories. Symbolic links to files are followed; links to directories are not (so no loop can
 * form) and are listed in `skipped`, as are dangling links, link loops and unreadable directories.
 * Never throws.
 */
export function walkTree(root: string, opts: WalkOptions = {}): WalkResult {
  const out: WalkResult = { files: [], skipped: [], vendored: [] };
  const useGitignore = opts.gitignore !== false;
  const visit = (dir: string, scopes: IgnoreScope[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      out.skipped.push({ path: dir, reason: `cannot read directory: ${errorText(err)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Only a directory that lists a .gitignore is asked for one: a failed read per directory costs more than the walk.
    const local = useGitignore && entries.some((e) => e.name === '.gitignore') ? readGitignore(dir) : undefined;
    const here = local ? [...scopes, { base: dir, matcher: local }] : scopes;
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!opts.includeVendored && VENDORED_DIRS.has(e.name)) { out.vendored.push(p); continue; }
        if (here.length && ignored(here, p, true)) continue;
        visit(p, here);
      } else if (e.isFile()) {
        if (here.length && ignored(here, p, false)) continue;
        out.files.push({ path: p, size: -1 });
      } else if (e.isSymbolicLink()) {
        if (here.length && ignored(here, p, false)) continue;
        try {
          const st = statSync(p);
          if (st.isDirectory()) out.skipped.push({ path: p, reason: 'symbolic link to a directory, not followed' });
          else if (st.isFile()) out.files.push({ path: p, size: st.size });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          out.skipped.push({ path: p, reason: code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'dangling symbolic link' : messageOf(err) });
        }
      }
    }
  };
  visit(root, []);
  return out;
}
