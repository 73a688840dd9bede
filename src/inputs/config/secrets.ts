import { splitArgs } from './split-args.js';
import { REDACTED, SECRET_CONFIGS, redactAclRule } from '../live/redact.js';

/** ACL rule tokens that carry no secret (redis/redis src/acl.c ACLSetUser); anything else on a user line might be a mistyped password. */
const ACL_KEYWORD = /^(on|off|skip-sanitize-payload|sanitize-payload|allkeys|resetkeys|allchannels|resetchannels|allcommands|nocommands|nopass|resetpass|reset|clearselectors)$/i;
const ACL_SAFE_PREFIX = /^[~%&+\-]/;

/** One ACL rule word as a report may show it, a selector's parentheses kept around it. */
function shownAclWord(word: string): string {
  const [, open = '', inner = '', close = ''] = /^(\(?)(.*?)(\)?)$/s.exec(word) ?? [];
  if (inner === '') return word;
  if (/^[><#!]./.test(inner)) return `${open}${inner[0]}${REDACTED}${close}`;
  return ACL_KEYWORD.test(inner) || ACL_SAFE_PREFIX.test(inner) ? word : `${open}${REDACTED}${close}`;
}

/**
 * A token of a `user` line as a report may show it: a password, a hash and any word that is not
 * ACL syntax (a mistyped password?) redacted, in a selector (`(>pw ~x)`) too, whatever separates its words.
 */
export function shownAclToken(token: string): string {
  return token.split(/([ \t\v\f\r\n]+)/).map((w, i) => (i % 2 ? w : shownAclWord(w))).join('');
}

/**
 * The secret values a configuration line carries: the value of requirepass, masterauth and the
 * other password directives, `sentinel auth-pass` / `sentinel sentinel-pass`, and on `user` lines
 * every password (>pw, <pw), hash (#h, !h) and every token that is not ACL syntax.
 */
export function secretsOf(args: string[]): string[] {
  const [name = '', ...rest] = args;
  const lower = name.toLowerCase();
  if (SECRET_CONFIGS.has(lower)) return rest;
  if (lower === 'sentinel') {
    const sub = (rest[0] ?? '').toLowerCase();
    if (sub === 'auth-pass') return rest.slice(2);
    if (sub === 'sentinel-pass') return rest.slice(1);
    return [];
  }
  if (lower === 'user') {
    const out = new Set<string>();
    for (const tok of rest.slice(1)) {
      if (shownAclToken(tok) === tok) continue;
      out.add(tok);
      for (const w of tok.split(/[ \t\v\f\r\n()]+/)) {
        if (!w || shownAclWord(w) === w) continue;
        out.add(w);
        if (/^[><#!]./.test(w)) out.add(w.slice(1));
      }
    }
    return [...out];
  }
  return [];
}

/** A configuration line as the server echoes it (`>>> 'requirepass x'`), with its secrets replaced. */
export function redactConfigLine(line: string): string {
  const args = splitArgs(line);
  const name = (args?.[0] ?? line.split(/[ \t]/)[0] ?? '').toLowerCase();
  if (SECRET_CONFIGS.has(name)) return `${line.split(/[ \t]/)[0]} ${REDACTED}`;
  if (name === 'sentinel' && /^sentinel\s+(auth-pass|sentinel-pass)\b/i.test(line)) return line.replace(/^(sentinel\s+\S+).*$/i, `$1 ${REDACTED}`);
  if (name === 'user') {
    // Words split on any blank (an ACL file's line may hold tabs); the first two are `user` and the name.
    let word = 0;
    return redactAclRule(line).split(/([ \t\v\f\r\n]+)/).map((tok, i) => (i % 2 || tok === '' || word++ < 2 || tok.endsWith(REDACTED) ? tok : shownAclWord(tok))).join('');
  }
  return line;
}

/**
 * Removes secrets from what a server printed: the configuration line it echoes after `>>>`,
 * the token it names in "Error in user declaration", and every known secret value of three
 * characters or more wherever it appears (shorter ones would blank out unrelated text).
 */
export function redactOutput(text: string, secrets: Iterable<string>): string {
  let out = text.replace(/^(>>> ')(.*)('\s*)$/gm, (_m, a: string, line: string, b: string) => `${a}${redactConfigLine(line)}${b}`)
    .replace(/(Error in user declaration ')([^']*)(')/g, (m, a: string, tok: string, b: string) =>
      (/^[><#!]/.test(tok) ? `${a}${REDACTED}${b}` : m));
  const values = [...new Set(secrets)].filter((s) => s.length >= 3).sort((x, y) => y.length - x.length);
  for (const v of values) out = out.split(v).join(REDACTED);
  return out;
}

/**
 * A directive's arguments as findings may show them: every secret (see secretsOf) replaced, so a
 * password on a refused `requirepass` or `user` line never reaches a message or the evidence.
 */
export function shownArgs(name: string, args: string[]): string[] {
  const secrets = new Set(secretsOf([name, ...args]));
  return secrets.size ? args.map((a) => (secrets.has(a) ? REDACTED : a)) : args;
}
