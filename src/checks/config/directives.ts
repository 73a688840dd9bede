import type { ConfigDocument, Directive } from '../../inputs/config/document.js';
import { includesChange, type Version } from '../../versions/version.js';
import type { CheckContext, ConfigCheck, Hit } from '../context.js';
import type { DirectiveLookup } from '../tables.js';
import { directiveHit } from './directive-hit.js';
import { boundaryWhere } from './path-tables.js';
import { atoi } from './c-numbers.js';
import { checkValue } from './values.js';

/** Module configs in redis.conf arrived in Redis 7.0.0 (redis/redis 7.0 00-RELEASENOTES, #10285). */
const MODULE_CONFIGS: Version = { flavor: 'redis', major: 7, minor: 0, patch: 0 };

/** Directives that the server handles outside the directive table in every version. */
const SENTINEL = 'sentinel';

/**
 * In 7.0+ a name with a dot is a module config, deferred until `loadmodule` has run
 * (redis/redis 7.0 src/config.c: module_configs_queue); it cannot be checked without the module.
 */
function isModuleConfig(d: Directive, doc: ConfigDocument, ctx: CheckContext): boolean {
  return d.name.includes('.') && includesChange(ctx.path.target, MODULE_CONFIGS)
    && doc.directives.some((x) => x.name === 'loadmodule');
}

/** A name the target knows under another name (a rename or alias in any known line). */
export function replacementFor(name: string, ctx: CheckContext): string | undefined {
  for (const t of ctx.all) {
    const spec = t.spec(name);
    if (spec?.aliasOf && ctx.target.has(spec.aliasOf)) return spec.aliasOf;
    for (const other of t.names(name)) if (other !== name && ctx.target.has(other)) return other;
  }
  return undefined;
}

/** The line that accepts the name, to say where it came from: the source, else the newest of the target's flavor. */
function knownIn(name: string, ctx: CheckContext): DirectiveLookup | undefined {
  if (ctx.from.has(name)) return ctx.from;
  const newestFirst = [...ctx.all].reverse();
  return newestFirst.find((t) => t.table.flavor === ctx.target.table.flavor && t.has(name)) ?? newestFirst.find((t) => t.has(name));
}

/**
 * From Redis 8.0 a Sentinel takes a name it does not know for a module's config (unprefixed module
 * configs, redis/redis#13656, after 8.0-m01) and never checks it: it starts and ignores the line.
 * Booted with `foo-bar 1` in a sentinel.conf: redis 8.0.2, 8.0.6 and 8.6.3 start; 8.0-m01, 7.4.1
 * and valkey 8.1.1 refuse.
 */
const SENTINEL_IGNORES_UNKNOWN: Version = { flavor: 'redis', major: 8, minor: 0, patch: 0 };

function sentinelIgnores(doc: ConfigDocument, ctx: CheckContext): boolean {
  return doc.kind === 'sentinel' && ctx.path.target.flavor === 'redis' && includesChange(ctx.path.target, SENTINEL_IGNORES_UNKNOWN);
}

/** Names a Sentinel of the target ignores (see SENTINEL_IGNORES_UNKNOWN): the line has no effect. */
export const sentinelIgnoredDirective: ConfigCheck = (doc, ctx) => (sentinelIgnores(doc, ctx)
  ? doc.directives.filter((d) => d.name !== SENTINEL && !ctx.target.has(d.name)).map((d) => directiveHit(d, 'sentinel-ignored', {}))
  : []);

/** Directives the target does not know at all: the server refuses to start. */
export const unknownDirective: ConfigCheck = (doc, ctx) => {
  const hits: Hit[] = [];
  if (sentinelIgnores(doc, ctx)) return hits;
  for (const d of doc.directives) {
    if (d.name === SENTINEL || ctx.target.has(d.name)) continue;
    if (isModuleConfig(d, doc, ctx)) {
      ctx.notChecked.push({ input: `${d.file}:${d.line}`, reason: `'${d.name}' is a module config; it is checked by the module when it loads` });
      continue;
    }
    const replacement = replacementFor(d.name, ctx);
    const seen = knownIn(d.name, ctx);
    const where = seen ? `${d.name} is accepted by ${seen.label} but not by ${ctx.target.label}` : `${d.name} is not a directive of any known release`;
    const boundary = boundaryWhere(ctx, (t) => String(t.has(d.name)));
    hits.push(directiveHit(d, 'unknown', {
      where,
      replacement: replacement ? `use '${replacement}' instead` : 'remove the line',
    }, boundary));
  }
  return hits;
};

/** Known directives whose arguments the target refuses (count, type, range, enum value). */
export const invalidValue: ConfigCheck = (doc, ctx) => {
  const hits: Hit[] = [];
  for (const d of doc.directives) {
    if (d.name === SENTINEL) continue;
    const spec = ctx.target.effective(d.name);
    if (!spec) continue;
    const error = checkValue(ctx.target.canonical(d.name), spec, d.args);
    if (error === null) continue;
    const wasValid = ctx.from.effective(d.name);
    const accepted = wasValid && checkValue(ctx.from.canonical(d.name), wasValid, d.args) === null;
    hits.push(directiveHit(d, `invalid:${d.args.join(' ')}`, {
      serverError: error,
      history: accepted ? ` (${ctx.from.label} accepts it)` : '',
    }));
  }
  return hits;
};

/** `sentinel <option>` lines that the target's Sentinel does not know or takes with other arguments. */
export const sentinelOption: ConfigCheck = (doc, ctx) => {
  const known = ctx.target.table.sentinel;
  if (!known) {
    ctx.notChecked.push({ input: doc.file, reason: `the ${ctx.target.label} table lists no Sentinel options; sentinel lines not checked` });
    return [];
  }
  const hits: Hit[] = [];
  const masters = new Set<string>();
  const monitors = doc.directives.filter((d) => d.name === SENTINEL && d.args[0]?.toLowerCase() === 'monitor' && d.args.length > 1).map((d) => d.args[1] as string);
  // From 6.2 the monitor lines are applied before the options that name a master; before, in file order.
  const defined = includesChange(ctx.path.target, SENTINEL_MONITOR_FIRST) ? new Set(monitors) : masters;
  for (const d of doc.directives) {
    if (d.name !== SENTINEL || d.args.length === 0) continue;
    const option = (d.args[0] as string).toLowerCase();
    const spec = known[option];
    const argc = d.args.length;
    const bad = !spec ? 'unknown' : (spec.argc !== undefined && argc !== spec.argc) || (spec.argcMin !== undefined && argc < spec.argcMin)
      || (spec.argcMax !== undefined && argc > spec.argcMax) ? 'arity' : null;
    if (bad) {
      hits.push(directiveHit(d, `sentinel:${option}`, {
        option,
        problem: bad === 'unknown' ? `'sentinel ${option}' is not an option of ${ctx.target.label} Sentinel` : `'sentinel ${option}' takes a different number of arguments on ${ctx.target.label}`,
        serverError: UNRECOGNIZED,
      }));
      continue;
    }
    const error = sentinelValueError(option, d.args.slice(1), masters, defined);
    if (error) hits.push(directiveHit(d, `sentinel-value:${option}`, { option, problem: `'sentinel ${option}' is refused by ${ctx.target.label} Sentinel`, serverError: error }));
  }
  return hits;
};

const UNRECOGNIZED = 'Unrecognized sentinel configuration statement.';

/**
 * From 6.2 a Sentinel queues its lines and applies every `monitor` line before the options that
 * name a master (redis/redis 6.2.16 src/sentinel.c loadSentinelConfigFromQueue: pre-monitor,
 * monitor, post-monitor queues); 6.0.20 and older apply them in file order. Booted: an option above
 * its monitor line starts redis 7.4.1, 8.6.3 and valkey 8.1.1.
 */
const SENTINEL_MONITOR_FIRST: Version = { flavor: 'redis', major: 6, minor: 2, patch: 0 };

/** Options whose first argument names a master that an earlier `sentinel monitor` line must have defined. */
const MASTER_OPTIONS = new Set(['down-after-milliseconds', 'failover-timeout', 'parallel-syncs', 'notification-script', 'client-reconfig-script',
  'auth-pass', 'auth-user', 'config-epoch', 'leader-epoch', 'known-slave', 'known-replica', 'known-sentinel', 'rename-command', 'master-reboot-down-after-period']);

/**
 * The error sentinelHandleConfiguration returns for a line whose option and arity the target knows,
 * or undefined; `masters` collects the names the `monitor` lines define, in file order, and
 * `defined` is what an option's master must be among (see SENTINEL_MONITOR_FIRST). The same
 * tests and texts in redis/redis src/sentinel.c from 3.2.13 to 8.0-m01 and valkey-io/valkey 7.2.7,
 * 8.0.1 and 9.0.0: a quorum below 1, a master not (yet) defined by a monitor line, a down-after or
 * failover timeout below 1 ms, a negative master-reboot-down-after-period (7.0+), a myid that is
 * not 40 characters, a second monitor of the same name. Refusals seen on redis 7.4.1, 8.0-m01,
 * 8.0.2, 8.0.6, 8.6.3 and valkey 8.1.1 Sentinels.
 */
function sentinelValueError(option: string, args: string[], masters: Set<string>, defined: ReadonlySet<string>): string | undefined {
  if (option === 'monitor') {
    const name = args[0] as string;
    if (atoi(args[3] ?? '') <= 0n) return 'Quorum must be 1 or greater.';
    if (masters.has(name)) return 'Duplicate master name.';
    masters.add(name);
    return undefined;
  }
  if (option === 'myid') return (args[0] ?? '').length !== 40 ? 'Malformed Sentinel id in myid option.' : undefined;
  if (!MASTER_OPTIONS.has(option)) return undefined;
  if (!defined.has(args[0] as string)) return 'No such master with specified name.';
  if ((option === 'down-after-milliseconds' || option === 'failover-timeout') && atoi(args[1] ?? '') <= 0n) return 'negative or zero time parameter.';
  if (option === 'master-reboot-down-after-period' && atoi(args[1] ?? '') < 0n) return 'negative time parameter.';
  return undefined;
}

/** Names the target accepts only as an alias of a newer name. */
export const aliasDirective: ConfigCheck = (doc, ctx) =>
  doc.directives.flatMap((d) => {
    const spec = ctx.target.spec(d.name);
    return spec?.aliasOf ? [directiveHit(d, 'alias', { canonical: spec.aliasOf })] : [];
  });

/** Names the target accepts and ignores. */
export const ignoredDirective: ConfigCheck = (doc, ctx) =>
  doc.directives.flatMap((d) => (ctx.target.effective(d.name)?.ignored ? [directiveHit(d, 'ignored', {})] : []));

/**
 * A user declared twice in the file (user lines of a configuration file, or of an ACL file): 7.0+
 * refuses to start ("Duplicate user found"); 6.x resets the user and applies the later line.
 * Source: redis/redis src/acl.c at 7.0.15 ACLAppendUserForLoading and ACLLoadFromFile (6.2.16's
 * ACLLoadFromFile resets an existing user); 00-RELEASENOTES 7.0 RC1 (#9330).
 */
export const duplicateUser: ConfigCheck = (doc) => {
  const seen = new Map<string, Directive>();
  const hits: Hit[] = [];
  for (const d of doc.directives) {
    if (d.name !== 'user' || d.args.length === 0) continue;
    const user = d.args[0] as string;
    const first = seen.get(user);
    // The server's words (7.0+): the config loader's for user lines, ACLLoadFromFile's for an ACL file.
    const serverError = doc.kind === 'acl' ? `WARNING: Duplicate user '${user}' found on line ${d.serverLine ?? d.line}` : 'Duplicate user found. A user can only be defined once in config files';
    if (first) hits.push(directiveHit(d, `dup:${user}`, { user, first: `${first.file}:${first.line}`, serverError }));
    else seen.set(user, d);
  }
  return hits;
};
