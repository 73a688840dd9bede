/** Config parameters whose values are secrets (CONFIG GET). */
export const SECRET_CONFIGS = new Set(['requirepass', 'masterauth', 'primaryauth', 'tls-key-file-pass', 'tls-client-key-file-pass',
  'sentinel-pass', 'auth-pass']);

export const REDACTED = '<redacted>';

/** An ACL rule line with passwords (>pw) and password hashes (#hex) redacted. */
export function redactAclRule(line: string): string {
  return line.split(' ').map((tok) => (/^[>#<!]/.test(tok) && tok.length > 1 ? `${tok[0]}${REDACTED}` : tok)).join(' ');
}

/** A redis:// URL with its password removed. */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_m, scheme: string, cred: string) => {
    const user = cred.includes(':') ? cred.slice(0, cred.indexOf(':')) : '';
    return `${scheme}${user ? `${user}:` : ':'}${REDACTED}@`;
  });
}

/** CLIENT LIST lines carry no secrets, but AUTH arguments may show in `cmd`/`argv-mem`; keep only safe fields. */
export const CLIENT_FIELDS = ['id', 'addr', 'name', 'age', 'idle', 'flags', 'db', 'cmd', 'user', 'resp', 'lib-name', 'lib-ver'] as const;
