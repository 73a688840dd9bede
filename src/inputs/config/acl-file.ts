import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { errorText } from '../../errors.js';
import { looksBinary, serverLines, type ConfigDocument, type Directive } from './document.js';

/** Lines of the configuration file that the server applies before it loads the ACL file, and that the ACL checks read. */
const CONTEXT = new Set(['loadmodule', 'acl-pubsub-default']);

/**
 * Reads an ACL file (the `aclfile` directive's) as the server loads it at startup: redis/redis
 * src/acl.c ACLLoadFromFile, the same from 6.0.20 to 8.0-m01 and in valkey 8.0.1 and 9.0.0.
 * The lines are those of serverLines (the same fgets/sdscat reading), trimmed of " \t\r\n", blank
 * ones skipped. There are no comments and no quotes: a line is split on single spaces and must
 * start with the word `user` (lowercase) and a username, or the server refuses to start (a problem
 * of kind `acl-line`, "should start with user keyword followed by the username"). Each rule is
 * trimmed of "\t\r\n"; an empty one (two spaces in a row) is a no-op and is dropped.
 *
 * The document's directives are `context` first (the naming configuration's loadmodule and
 * acl-pubsub-default lines, at their own file and line), then one `user` directive per user line
 * (args: the username, then the rules). Never throws: an unreadable file is a problem of kind
 * `unreadable`, a binary one of kind `binary`.
 */
export function parseAclFile(file: string, context: readonly Directive[] = []): ConfigDocument {
  const doc: ConfigDocument = { file, kind: 'acl', directives: context.filter((d) => CONTEXT.has(d.name)), problems: [], files: [] };
  let buf: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new Error('is a directory');
    buf = readFileSync(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : errorText(err);
    doc.problems.push({ kind: 'unreadable', file, message: `cannot read '${file}': ${reason}` });
    return doc;
  }
  if (looksBinary(buf)) {
    doc.problems.push({ kind: 'binary', file, message: `'${file}' is a binary file, not an ACL file` });
    return doc;
  }
  doc.files.push(file);
  // The server numbers the lines it split, not the physical ones (they differ after a NUL byte).
  for (const [index, { text: raw, line, nul }] of serverLines(buf.toString('utf8')).entries()) {
    const serverLine = index + 1;
    if (nul !== undefined) {
      doc.problems.push({ kind: 'nul-byte', file, line: nul, message: `a NUL byte on line ${nul}: the server keeps that line only up to it, and reads line ${nul + 1} as its continuation` });
    }
    const text = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (text === '') continue;
    const words = text.split(' ');
    if (words[0] !== 'user' || words.length < 2) {
      doc.problems.push({ kind: 'acl-line', file, line, text, message: `${file}:${serverLine} should start with user keyword followed by the username` });
      continue;
    }
    const name = words[1] as string;
    if (/[\t\v\f\r\n]/.test(name)) {
      // ACLStringHasSpaces (isspace): a tab, \v or \f inside the name; the shown name keeps only its first word (the rest may be a password).
      doc.problems.push({ kind: 'acl-line', file, line, text, message: `'${file}:${serverLine}: username '${name.split(/[\t\v\f\r\n]/)[0] ?? ''}…' contains invalid characters` });
      continue;
    }
    const rules = words.slice(2).map((w) => w.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '')).filter((w) => w !== '');
    doc.directives.push({ name: 'user', args: [name, ...rules], file, line, text, ...(serverLine !== line ? { serverLine } : {}) });
  }
  return doc;
}

/** An ACL file the check could not read, as a notChecked entry. */
export interface AclFileGap { input: string; reason: string }

/**
 * The ACL files to check: those given by name (`named`, *.acl) and those the server configuration
 * files name in their last `aclfile` line, resolved against `cwd` as the server resolves a relative
 * path. A file named by a configuration is read with that configuration's loadmodule and
 * acl-pubsub-default lines (the server applies them before it loads the users), and once even when
 * it is also given by name. An aclfile that is not at its path here is the given file of the same
 * name when there is one (the check may run elsewhere than the server); else it is a gap, not a
 * finding: its path is the server's, and this may be another machine.
 */
export function aclFilesOf(configs: readonly ConfigDocument[], named: readonly string[], cwd: string): { docs: ConfigDocument[]; gaps: AclFileGap[] } {
  const docs: ConfigDocument[] = [];
  const gaps: AclFileGap[] = [];
  const seen = new Set<string>();
  const identity = (p: string) => { try { return realpathSync(p); } catch { return resolve(cwd, p); } };
  for (const conf of configs) {
    if (conf.kind !== 'server') continue;
    const line = conf.directives.filter((d) => d.name === 'aclfile').pop();
    const path = line?.args[0];
    if (!line || !path) continue;
    let file = isAbsolute(path) ? path : resolve(cwd, path);
    if (seen.has(identity(file))) continue;
    let doc = parseAclFile(file, conf.directives);
    const unreadable = doc.problems.find((p) => p.kind === 'unreadable');
    if (unreadable) {
      // Not here at that path (another machine's, or another working directory): a given ACL file of that name stands for it.
      const given = named.filter((n) => basename(n) === basename(path));
      if (given.length !== 1) {
        gaps.push({ input: `${line.file}:${line.line} aclfile ${path}`, reason: `${unreadable.message.replace(/^cannot read '[^']*': /, '')} here: its users were not checked (give the ACL file as an input where it is elsewhere)` });
        continue;
      }
      file = given[0] as string;
      doc = parseAclFile(file, conf.directives);
    }
    const id = identity(file);
    if (seen.has(id)) continue;
    seen.add(id);
    docs.push(doc);
  }
  for (const file of named) {
    const id = identity(file);
    if (seen.has(id)) continue;
    seen.add(id);
    docs.push(parseAclFile(file));
  }
  return { docs, gaps };
}
