import { REDACTED } from '../live/redact.js';

/**
 * Secrets a line of application code may hold, as reports must never show them: the password of a
 * URL (`redis://:pw@host`, `rediss://user:pw@host`; a userinfo without a colon, a token, whole),
 * a string given to a name that says password, secret, token or auth (`password="pw"`,
 * `Password: "pw"`, `:password => 'pw'`, `REDIS_PASS = 'pw'`), the string argument of an AUTH call
 * (`r.auth('pw')`, `setPassword("pw")`, `.password("pw")`), and the argument after a raw AUTH,
 * `requirepass` or `masterauth` (`execute_command('AUTH', 'pw')`, `'CONFIG', 'SET', 'requirepass', 'pw'`).
 * Only string literals are redacted: a variable's name says nothing secret.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@'"`]*)@/gi;
const NAMED = /\b([\w.$-]*(?:password|passwd|pass|pwd|secret|token|auth|credentials?)[\w$]*)(["'`]?\]?\s*(?:=>|:=|=|:)\s*)(["'`])((?:\\.|(?!\3)[^\\])*)\3/gi;
const CALLED = /\b((?:auth|password|setPassword|withPassword|setAuth|withAuth)\s*\(\s*)(["'`])((?:\\.|(?!\2)[^\\])*)\2/gi;
const RAW = /(["'`])(auth|requirepass|masterauth|primaryauth)\1(\s*,\s*(?:(["'`])[^"'`]*\4\s*,\s*)?)(["'`])((?:\\.|(?!\5)[^\\])*)\5/gi;

/** A line of source code with its secrets replaced by `<redacted>`. */
export function redactSourceSecrets(line: string): string {
  return line
    .replace(URL_USERINFO, (_m, scheme: string, info: string) => {
      if (!info) return `${scheme}@`;
      const colon = info.indexOf(':');
      return colon < 0 ? `${scheme}${REDACTED}@` : `${scheme}${info.slice(0, colon)}:${REDACTED}@`;
    })
    .replace(NAMED, (_m, name: string, op: string, q: string) => `${name}${op}${q}${REDACTED}${q}`)
    .replace(CALLED, (_m, call: string, q: string) => `${call}${q}${REDACTED}${q}`)
    .replace(RAW, (_m, q1: string, word: string, between: string, _q4: string | undefined, q: string) => `${q1}${word}${q1}${between}${q}${REDACTED}${q}`);
}
