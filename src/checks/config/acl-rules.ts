import { shownAclToken } from '../../inputs/config/secrets.js';
import { createHash } from 'node:crypto';
import type { AclRelease, AclRulesTable } from '../../rulepack/types.js';
import { includesChange, parseVersion, type Version } from '../../versions/version.js';
import type { ConfigCheck, Hit } from '../context.js';
import { directiveHit } from './directive-hit.js';
import { commandPresence } from './rename-command.js';

/** The channel words, which acl.channel-permissions-before-6.2 reports on targets before channels. */
const CHANNEL_WORDS = new Set(['allchannels', 'resetchannels']);
const HASH = /^[0-9a-f]{64}$/;

const SYNTAX = 'Syntax error';
const UNKNOWN = 'Unknown command or category name in ACL';
const UNMATCHED = 'Unmatched parenthesis in selector definition';
const BAD_HASH = 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';

/** What the target's ACLSetUser accepts, from the table (rules/tables/acl-rules.json). */
function accepted(table: AclRulesTable, target: Version) {
  const has = (r: AclRelease) => includesChange(target, parseVersion(r.version, r.flavor));
  return {
    categories: new Set(table.categories.names),
    words: new Set(table.words.filter((w) => has(w.since)).map((w) => w.word)),
    channels: has(table.syntax.channels),
    selectors: has(table.syntax.selectors),
    keyPermissions: has(table.syntax.keyPermissions),
    subcommandRules: has(table.syntax.subcommandRules),
    subcommandAfterCommand: has(table.syntax.subcommandAfterCommand),
  };
}

/**
 * The rules of a `user` line that the target's ACL refuses, so that the server does not start:
 * the first one, as the server stops there. The words, categories and the release of each form
 * come from rules/tables/acl-rules.json (no table, no check). Facts from redis/redis src/acl.c (ACLSetUser,
 * ACLSetSelector, ACLSetUserStringError, ACLDefaultCommandCategories) at 6.0.20, 6.2.16, 7.0.15,
 * 7.4.1 and 8.0-m01, and valkey-io/valkey src/acl.c at 9.0.0; every case booted on redis 6.0.20,
 * 6.2.16, 7.4.1 and valkey 8.0.1 (fixtures/rules/config/acl-user-rules-*.conf):
 *
 * - 6.2 added `sanitize-payload` and `skip-sanitize-payload` (channel rules: acl.channel-permissions-before-6.2);
 * - 7.0 added selectors `(…)` and `clearselectors`, read/write key patterns `%R~` `%W~` `%RW~`, and
 *   `-command|subcommand` (6.x takes only `+command|first-arg`); from 7.0 a command with
 *   subcommands (CONFIG, CLIENT) takes only its own (`+config|nosuch` is refused), and another
 *   command only `+command|first-arg`;
 * - a command the target's table lacks, or a category other than the 21 below, is "Unknown command
 *   or category name in ACL" (users are loaded after modules: with a `loadmodule` line, module
 *   commands and categories are not judged);
 * - a `#` password hash must be 64 lowercase hexadecimal characters;
 * - from 7.0 a selector opened with `(` must be closed with `)` (ACLMergeSelectorArguments);
 * - any other word is a "Syntax error".
 */
export const aclUserRules: ConfigCheck = (doc, ctx) => {
  if (doc.kind === 'sentinel' || !ctx.aclRules) return [];
  const target = accepted(ctx.aclRules, ctx.path.target);
  const modules = doc.directives.some((d) => d.name === 'loadmodule');
  const lookup = commandPresence(ctx, modules);
  const containers = new Set(Object.keys(ctx.commands ?? {}).filter((n) => n.includes(' ')).map((n) => n.split(' ')[0] as string));
  const hasSubcommands = (command: string) => containers.has(command);
  // A new user starts with every channel where acl-pubsub-default is allchannels (6.2's default; the file's last line wins).
  const pubsub = doc.directives.filter((x) => x.name === 'acl-pubsub-default').pop()?.args[0] ?? ctx.target.effective('acl-pubsub-default')?.default;
  const allChannelsByDefault = target.channels && pubsub?.toLowerCase() === 'allchannels';
  const hits: Hit[] = [];
  for (const d of doc.directives) {
    if (d.name !== 'user' || d.args.length < 2 || !ctx.target.has('user')) continue;
    const user = d.args[0] as string;
    // The server's words: ACLLoadConfiguredUsers and the config loader for a user line, ACLLoadFromFile for an
    // ACL file (which names an unknown command's operation from 7.0: src/acl.c at 7.0.15; 6.2.16 prints the error alone).
    const refusal = (token: string, error: string) => {
      const at = `${d.file}:${d.serverLine ?? d.line}`;
      if (doc.kind === 'acl') return error === UNKNOWN && target.selectors ? `${at}: Error in applying operation '${token}': ${error}` : `${at}: ${error}`;
      return error === UNKNOWN ? `Error loading ACL rule '${token}' for the user named '${user}': ${error}` : `Error in user declaration '${token}': ${error}`;
    };
    let found: { token: string; error: string } | undefined;
    let inSelector = false;
    let opened = '';
    const root: Patterns = { allKeys: false, allChannels: allChannelsByDefault };
    let patterns = root;
    const state: UserState = { passwords: new Set(), allCommands: false, commands: new Set(), denied: new Set() };
    for (const raw of d.args.slice(1)) {
      let token = raw;
      if (token.startsWith('(')) {
        if (!target.selectors) { found = { token, error: SYNTAX }; break; }
        inSelector = true;
        opened = raw;
        patterns = { allKeys: false, allChannels: allChannelsByDefault };
        token = token.slice(1);
      }
      const closes = inSelector && token.endsWith(')');
      if (closes) token = token.slice(0, -1);
      const error = token === '' ? undefined
        : (inSelector ? selectorError(token) : undefined)
          ?? ruleError(token, { ...target, modules, present: lookup?.present, hasSubcommands })
          ?? patternError(token, patterns, allChannelsByDefault)
          ?? (inSelector ? undefined : userStateError(token, state, target.subcommandAfterCommand));
      if (error) { found = { token: raw, error }; break; }
      if (closes) { inSelector = false; patterns = root; }
    }
    // ACLMergeSelectorArguments refuses a selector never closed (7.0.15, 7.4.1 and valkey 8.0.1 crash on it in an ACL file).
    if (!found && inSelector) found = { token: opened, error: UNMATCHED };
    if (found) {
      const shown = shownAclToken(found.token);
      hits.push(directiveHit(d, `acl:${shown}`, { user, token: shown, serverError: refusal(shown, found.error) }));
    }
  }
  return hits;
};

/** What a user (or a selector) grants so far: every key (`allkeys`, `~*`), every channel (`allchannels`, `&*`). */
interface Patterns { allKeys: boolean; allChannels: boolean }

const ALL_KEYS_ERROR = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
const ALL_CHANNELS_ERROR = "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";

/**
 * A key or channel pattern after every key or channel was granted (EEXIST, EISDIR in ACLSetUser and
 * ACLSetSelector): 6.2.16 refuses `user x on ~* &chan` under its default allchannels. Updates `p`.
 */
function patternError(token: string, p: Patterns, allChannelsByDefault: boolean): string | undefined {
  const lower = token.toLowerCase();
  if (lower === 'allkeys' || token === '~*') { p.allKeys = true; return undefined; }
  if (lower === 'resetkeys') { p.allKeys = false; return undefined; }
  if (lower === 'allchannels' || token === '&*') { p.allChannels = true; return undefined; }
  if (lower === 'resetchannels') { p.allChannels = false; return undefined; }
  if (lower === 'reset') { p.allKeys = false; p.allChannels = allChannelsByDefault; return undefined; }
  if ((token.startsWith('~') || /^%[RW]+~/i.test(token)) && p.allKeys) return ALL_KEYS_ERROR;
  if (token.startsWith('&') && p.allChannels) return ALL_CHANNELS_ERROR;
  return undefined;
}

type Known = ReturnType<typeof accepted> & {
  modules: boolean;
  present: ((name: string) => boolean | undefined) | undefined;
  /** Does a command have subcommands (CONFIG, CLIENT) in the command table? */
  hasSubcommands?: (command: string) => boolean;
};

/** The words ACLSetSelector takes besides key, channel and command rules; any other word in a selector is a "Syntax error". */
const SELECTOR_WORDS = new Set(['allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'allcommands', 'nocommands']);

/** A selector's rule (one token, or a quoted selector's words) that only a user takes: `on`, `nopass`, `>pw`, `reset`… (7.4.1 ACLSetSelector). */
function selectorError(token: string): string | undefined {
  return token.split(/[ \t]+/).some((w) => w !== '' && !SELECTOR_WORDS.has(w.toLowerCase()) && !/^[~%&+-]/.test(w)) ? SYNTAX : undefined;
}

const NO_SUCH_PASSWORD = 'The password you are trying to remove from the user does not exist';
const FULLY_ADDED = 'Adding a subcommand of a command already fully added is not allowed';

/** What the line has given its user so far: password hashes, and the commands allowed whole. */
interface UserState { passwords: Set<string>; allCommands: boolean; commands: Set<string>; denied: Set<string> }

/**
 * Rules that depend on what the line set before them (ACLSetUser on a fresh user, 6.0.20 to 7.4.1):
 * `<pw` and `!hash` remove a password the user must have (ENODEV); before `subcommandAfterCommand`
 * (6.2), `+command|sub` after the whole command was allowed (`+@all`, `allcommands`, `+command`) is
 * refused (EBUSY). Commands allowed through another category (`+@admin`) are not followed. Updates `u`.
 */
function userStateError(token: string, u: UserState, subcommandAfterCommand: boolean): string | undefined {
  const lower = token.toLowerCase();
  const first = token[0];
  // A password is kept as its SHA-256 (ACLHashPassword), so that `>pw` and `#hash` name the same one.
  const hash = () => (first === '>' || first === '<' ? createHash('sha256').update(token.slice(1)).digest('hex') : lower.slice(1));
  if (first === '>' || first === '#') { u.passwords.add(hash()); return undefined; }
  if (first === '!' && !HASH.test(token.slice(1))) return BAD_HASH;
  if (first === '<' || first === '!') return u.passwords.delete(hash()) ? undefined : NO_SUCH_PASSWORD;
  if (lower === 'nopass' || lower === 'resetpass') { u.passwords.clear(); return undefined; }
  if (lower === 'reset' || lower === 'nocommands' || lower === '-@all') {
    if (lower === 'reset') u.passwords.clear();
    u.allCommands = false; u.commands.clear(); u.denied.clear();
    return undefined;
  }
  if (lower === 'allcommands' || lower === '+@all') { u.allCommands = true; u.denied.clear(); return undefined; }
  if (first === '+' && !lower.startsWith('+@')) {
    const [command, sub] = lower.slice(1).split('|') as [string, string | undefined];
    if (sub === undefined) { u.commands.add(command); u.denied.delete(command); return undefined; }
    if (!subcommandAfterCommand && ((u.allCommands && !u.denied.has(command)) || u.commands.has(command))) return FULLY_ADDED;
  }
  if (first === '-' && !lower.startsWith('-@')) {
    const command = lower.slice(1).split('|')[0] as string;
    u.commands.delete(command);
    u.denied.add(command);
  }
  return undefined;
}

/** The ACL error of one rule, or undefined when the target takes it (or it is not judged). */
function ruleError(token: string, k: Known): string | undefined {
  const lower = token.toLowerCase();
  const first = token[0];
  // ACLStringHasSpaces refuses a pattern with a blank; \v and \f are never a separator the check has split on.
  if ((first === '~' || first === '&' || first === '%') && /[\v\f]/.test(token)) return SYNTAX;
  if (first === '>' || first === '<' || first === '!' || first === '~' || first === '&') return undefined;
  if (first === '#') return HASH.test(token.slice(1)) ? undefined : BAD_HASH;
  if (first === '%') return k.keyPermissions ? undefined : SYNTAX;
  if (first === '+' || first === '-') {
    const name = lower.slice(1);
    if (name.startsWith('@')) return k.categories.has(name.slice(1)) || k.modules ? undefined : UNKNOWN;
    const [command, sub] = name.split('|') as [string, string | undefined];
    if (k.present?.(command) === false) return UNKNOWN;
    if (sub === undefined) return undefined;
    // 6.x: `+command|first-arg` only. 7.0+: a container's subcommand must exist; another command takes `+command|first-arg` only.
    if (!k.subcommandRules || !k.hasSubcommands?.(command)) return first === '-' ? UNKNOWN : undefined;
    return k.present?.(`${command} ${sub}`) === false ? UNKNOWN : undefined;
  }
  if (k.words.has(lower)) return undefined;
  // Channel words before channels are acl.channel-permissions-before-6.2's.
  if (!k.channels && CHANNEL_WORDS.has(lower)) return undefined;
  return SYNTAX;
}
