import { mkdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { GLOB_CHARS, includeGlob, looksBinary } from '../config/document.js';
import { quoteArg, splitArgs } from '../config/split-args.js';
import { secretsOf } from '../config/secrets.js';

export interface StageOptions {
  /** The directory relative include, loadmodule, aclfile and tls-* paths are resolved against (the tool's assumption for the server's working directory). */
  cwd: string;
  /** The temporary directory: the copies go to DIR/staged-config, and every `dir` line is pointed at DIR. */
  dir: string;
  /** Where well-formed replicaof/slaveof lines are pointed instead of their master. */
  replicaOf: { host: string; port: number };
}

/** One line of a copy, for finding the line a refusing server names. */
export interface StagedLine {
  /** The user's file, as the checks name it (the top file as given, includes resolved against cwd). */
  file: string;
  /** 1-based; the copies keep the line numbers of the originals. */
  line: number;
  /** The line as the copy has it (what the server echoes), trimmed; latin1, byte for byte. */
  text: string;
  /** The line as the user's file has it, trimmed; latin1. */
  original: string;
}

/** A configuration copied into a temporary directory, ready to boot. */
export interface StagedConfig {
  /** The copy of the top file, to give the server. */
  file: string;
  /** Copy path (or rewritten glob pattern) → the user's path, to translate what the server prints. */
  originals: [copy: string, original: string][];
  lines: StagedLine[];
  /** What was changed, one entry per line: `dir at redis.conf:12 → the temporary directory`. */
  changes: string[];
  /** Secret values the files carry (passwords, hashes): never to be printed. */
  secrets: string[];
  /** The last arguments of each directive the files set (lower-case name). */
  last: Map<string, string[]>;
}

/** Directives naming a file the server reads after loading the configuration, hence after `dir` moved it into the temporary directory. */
const READ_PATHS = new Set(['aclfile', 'tls-cert-file', 'tls-key-file', 'tls-client-cert-file', 'tls-client-key-file', 'tls-dh-params-file', 'tls-ca-cert-file', 'tls-ca-cert-dir']);

// Files are handled as latin1 strings so that every byte of the user's file reaches the copy unchanged;
// paths and secrets are converted to UTF-8 strings where they leave this module.
const toBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const toText = (s: string) => Buffer.from(s, 'latin1').toString('utf8');

/**
 * Copies a configuration file and every file it includes into `opts.dir/staged-config`, line for
 * line, changing only what could make the booted server touch anything outside the temporary
 * directory or contact another host, and keeping every line the server validates invalid if it was:
 * - `dir X` (2 tokens, X not empty) → the temporary directory: the server chdir()s when it reads the line
 *   (redis/redis src/config.c setConfigDirOption at 7.0.15; the `dir` branch of loadServerConfigFromString before 7.0);
 * - `logfile X` (2 tokens) → `logfile ""`: up to 6.2 the server opens the file for appending when it
 *   reads the line (src/config.c at 6.2.16), from 7.0 after the last line;
 * - `replicaof|slaveof HOST PORT` (not `no one`) → `opts.replicaOf` (an invalid PORT is kept): the host is
 *   not checked at load (setConfigReplicaOfOption at 7.0.15), so the line stays exactly as valid, and
 *   the "replicaof directive not allowed in cluster mode" check still sees it;
 * - `include PATH` → the copy of PATH (a glob → a directory of links to the copies, in glob order);
 *   an include that cannot be read is left as written, so the server fails on it as it would;
 * - relative paths of loadmodule, aclfile and tls-*-file lines → absolute against `opts.cwd`, since the
 *   server reads them after `dir` moved it.
 * Lines with unbalanced quotes or a wrong number of tokens are copied unchanged.
 * Port, bind, daemonize, pidfile, unixsocket and the like are overridden on the command line instead
 * (the server applies those after the file), so their lines keep being validated.
 * @throws Error only when the top file cannot be read (a missing include is not an error).
 */
export function stageConfig(conf: string, opts: StageOptions): StagedConfig {
  const out = join(opts.dir, 'staged-config');
  mkdirSync(out, { recursive: true });
  const staged: StagedConfig = { file: '', originals: [], lines: [], changes: [], secrets: [], last: new Map() };
  const copies = new Map<string, string>(); // real path → copy
  let n = 0;

  const stageFile = (original: string, top: boolean): string | undefined => {
    let real: string;
    let bytes: Buffer;
    try {
      real = realpathSync(original);
      if (copies.has(real)) return copies.get(real);
      if (!statSync(real).isFile()) return undefined;
      bytes = readFileSync(real);
    } catch (err) {
      if (top) throw err;
      return undefined;
    }
    if (looksBinary(bytes) && !top) return undefined;
    const copy = join(out, `${++n}-${basename(original)}`);
    copies.set(real, copy); // before the lines: an include cycle then points at this copy, as the original does
    staged.originals.push([copy, original]);
    const lines = bytes.toString('latin1').split('\n').map((raw, i) => rewrite(raw, original, i + 1));
    writeFileSync(copy, Buffer.from(lines.join('\n'), 'latin1'));
    return copy;
  };

  const stageGlob = (pattern: string): string => {
    const matches = includeGlob(pattern, opts.cwd);
    const gdir = join(out, `glob-${++n}`);
    mkdirSync(gdir);
    matches.forEach((m, i) => {
      const copy = stageFile(isAbsolute(m) ? m : resolve(opts.cwd, m), false);
      if (copy) symlinkSync(copy, join(gdir, `${String(i).padStart(4, '0')}-${basename(m)}`));
    });
    const rewritten = join(gdir, '*');
    staged.originals.push([rewritten, pattern]);
    return rewritten;
  };

  const rewrite = (raw: string, file: string, line: number): string => {
    const trimmed = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (trimmed === '' || trimmed.startsWith('#')) return raw;
    const args = splitArgs(trimmed);
    let text = raw;
    if (args && args.length) {
      const name = (args[0] as string).toLowerCase();
      staged.secrets.push(...secretsOf(args).map(toText));
      staged.last.set(name, args.slice(1).map(toText));
      const at = `${name} at ${file}:${line}`;
      const quoted = (parts: string[]) => parts.map((p) => quoteArg(p)).join(' ');
      if (name === 'include' && args.length === 2) {
        const target = toText(args[1] as string);
        const copy = GLOB_CHARS.test(target) ? stageGlob(target) : stageFile(isAbsolute(target) ? target : resolve(opts.cwd, target), false);
        if (copy) text = `${args[0]} ${quoteArg(toBytes(copy))}`;
      } else if (name === 'dir' && args.length === 2 && args[1] !== '') {
        // `dir ""` is kept: chdir("") fails on every machine, so the server refuses it everywhere.
        text = `${args[0]} ${quoteArg(toBytes(opts.dir))}`;
        staged.changes.push(`${at} → the temporary directory`);
      } else if (name === 'logfile' && args.length === 2 && args[1] !== '') {
        text = `${args[0]} ""`;
        staged.changes.push(`${at} → standard output`);
      } else if ((name === 'replicaof' || name === 'slaveof') && args.length === 3 && !(/^no$/i.test(args[1] as string) && /^one$/i.test(args[2] as string))) {
        // An invalid port keeps its text, so a server that checks it still refuses the line.
        const valid = /^\d{1,5}$/.test(args[2] as string) && Number(args[2]) <= 65535;
        text = `${args[0]} ${opts.replicaOf.host} ${valid ? opts.replicaOf.port : quoteArg(args[2] as string)}`;
        staged.changes.push(`${at} → a local port that never answers (the master is not contacted)`);
      } else if ((name === 'loadmodule' && args.length >= 2) || (READ_PATHS.has(name) && args.length === 2)) {
        const path = toText(args[1] as string);
        if (path !== '' && !isAbsolute(path)) {
          text = quoted([args[0] as string, toBytes(resolve(opts.cwd, path)), ...args.slice(2)]);
          staged.changes.push(`${at}: relative path resolved against ${opts.cwd}`);
        }
      }
    }
    if (trimmed !== '') staged.lines.push({ file, line, text: text === raw ? trimmed : text, original: trimmed });
    return text;
  };

  staged.file = stageFile(conf, true) as string;
  return staged;
}
