import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { messageOf } from '../errors.js';
import { looksBinary } from './config/document.js';
import { isManifest } from './manifests/index.js';
import { languageOf, type SourceLanguage } from './source/languages.js';
import { walkTree, type WalkOptions } from './source/walk.js';

/** A source file to scan, with its language and size in bytes (-1 when the walk did not stat it: readers find a file too large as they read it). */
export interface SourceEntry { path: string; language: SourceLanguage; size: number }

/** What the paths given on the command line turned out to hold. */
export interface CollectedInputs {
  configFiles: string[];
  /** ACL files (*.acl), read as the aclfile directive's (config/acl-file.ts). */
  aclFiles: string[];
  sourceFiles: SourceEntry[];
  manifests: string[];
  /** One line each: a path that could not be used. */
  errors: string[];
  /** Files or directories seen and not checked, with the reason. */
  skipped: { path: string; reason: string }[];
  /** Vendored or generated directories left out (node_modules, vendor, dist, virtualenvs…). */
  vendored: string[];
}

const CONF_NAME = /\.conf$/i;
const ACL_NAME = /\.acl$/i;

/** The first 16 KiB of a file, or undefined when it cannot be read. */
function head(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(16384);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Does a file read like a redis.conf? Its first directive lines start with known directive names.
 * `known` answers whether a lowercase name is a directive of any known release.
 */
export function looksLikeConfig(file: string, known: (name: string) => boolean): boolean | 'unreadable' {
  const bytes = head(file);
  if (!bytes) return 'unreadable';
  if (looksBinary(bytes)) return false;
  const names = bytes.toString('utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .slice(0, 40).map((l) => (l.split(/\s+/)[0] ?? '').toLowerCase());
  if (names.length === 0) return false;
  const hits = names.filter(known).length;
  return hits >= Math.max(1, Math.ceil(names.length * 0.8));
}

/** Does a file have a `user` line among its first 16 KiB? True when it cannot be read, so that reading it reports why. */
function readsLikeAclFile(file: string): boolean {
  const bytes = head(file);
  return !bytes || /^[ \t]*user[ \t]/im.test(bytes.toString('utf8'));
}

/**
 * Expands the command-line paths into configuration files (by a .conf name or redis.conf-like
 * content), ACL files (by a .acl name), dependency manifests (by name) and source files (by extension). Directories are walked
 * with walkTree (.gitignore honoured, vendored trees skipped unless asked). Never throws: a missing
 * path is an entry in `errors`.
 */
export function collectInputs(paths: string[], known: (name: string) => boolean, walk: WalkOptions = {}): CollectedInputs {
  const out: CollectedInputs = { configFiles: [], aclFiles: [], sourceFiles: [], manifests: [], errors: [], skipped: [], vendored: [] };
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
      const tree = walkTree(p, walk);
      out.skipped.push(...tree.skipped);
      out.vendored.push(...tree.vendored);
      const count = () => out.configFiles.length + out.aclFiles.length + out.sourceFiles.length + out.manifests.length;
      const before = count();
      for (const f of tree.files) classify(f.path, f.size, known, out, false);
      if (count() === before) {
        out.errors.push(`${p}: nothing to check (no redis.conf-like *.conf file, *.acl file, dependency manifest or source file)`);
      }
    } else {
      classify(p, st.size, known, out, true);
    }
  }
  return out;
}

function classify(p: string, size: number, known: (name: string) => boolean, out: CollectedInputs, named: boolean): void {
  const name = basename(p);
  const language = languageOf(name);
  // setup.py is both: a manifest and Python code.
  if (isManifest(name)) out.manifests.push(p);
  if (language) out.sourceFiles.push({ path: p, language, size });
  else if (isManifest(name)) return;
  else if (ACL_NAME.test(name)) {
    // Other tools name files *.acl too (Squid): a walked one must have a user line; a named one is taken as given.
    if (named || readsLikeAclFile(p)) out.aclFiles.push(p);
    else out.skipped.push({ path: p, reason: 'a .acl file without a user line: not a Redis ACL file' });
  }
  else if (CONF_NAME.test(name)) {
    const like = looksLikeConfig(p, known);
    if (named || like !== false) out.configFiles.push(p);
    else out.skipped.push({ path: p, reason: 'a .conf file that does not read like redis.conf or sentinel.conf' });
  } else if (named) {
    if (looksLikeConfig(p, known) !== false) out.configFiles.push(p);
    else out.skipped.push({ path: p, reason: 'neither a configuration file, a dependency manifest nor a source file of a scanned language' });
  }
}
