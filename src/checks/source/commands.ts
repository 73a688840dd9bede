import { compareSameFlavor, formatVersion, VALKEY_FORK_POINT, type Version } from '../../versions/version.js';
import { commandKey, commandStatus, releaseLabel } from '../commands.js';
import type { Hit } from '../context.js';
import { commandsInCode, guardsAround, normalizeMethod, type CallShape, type CommandUse, type Guard, type GuardSpec } from './commands-in-code.js';
import type { ScopedFile, SourceCheck, SourceContext } from './context.js';

interface Deprecation { since: string; flavor: string; replacedBy: string }

/** The commands worth finding in code for this run: deprecated on the path, or absent from the target. */
interface CommandIndex {
  deprecated: Map<string, Deprecation>;
  missing: Map<string, string>;
  /** Normalised method name → table key, for both sets. */
  known: Map<string, string>;
  containers: Set<string>;
}

/**
 * The deprecation a command carries in the target that the source did not have (or any, when the
 * source is unknown). Each flavor answers from its own facts (commandStatus): Valkey 9.0 withdrew
 * most deprecations it inherited from Redis.
 */
function deprecationOnPath(name: string, ctx: SourceContext): Deprecation | undefined {
  const inTarget = commandStatus(ctx.commands, name, ctx.path.target).deprecated;
  if (!inTarget) return undefined;
  if (ctx.fromKnown && commandStatus(ctx.commands, name, ctx.path.from).deprecated) return undefined;
  return { since: inTarget.since, flavor: ctx.path.target.flavor, replacedBy: inTarget.replacedBy };
}

/** Why the target lacks a command, or undefined when it has it (module commands are left to the module checks). */
function absence(name: string, target: Version, ctx: SourceContext): string | undefined {
  const s = commandStatus(ctx.commands, name, target);
  if (!s.known || s.exists || s.module) return undefined;
  const spec = ctx.commands[name];
  if (target.flavor === 'valkey') return spec?.valkeySince ? `added in Valkey ${spec.valkeySince}` : 'not in Valkey';
  return spec?.since ? `added in Redis ${spec.since}` : 'Valkey only';
}

const indexes = new WeakMap<SourceContext, CommandIndex>();

function indexOf(ctx: SourceContext): CommandIndex {
  let idx = indexes.get(ctx);
  if (idx) return idx;
  idx = { deprecated: new Map(), missing: new Map(), known: new Map(), containers: new Set() };
  for (const name of Object.keys(ctx.commands)) {
    if (name.includes(' ')) idx.containers.add(name.split(' ')[0] as string);
    const dep = deprecationOnPath(name, ctx);
    if (dep) idx.deprecated.set(name, dep);
    const why = absence(name, ctx.path.target, ctx);
    if (why) idx.missing.set(name, why);
    if (dep || why) idx.known.set(normalizeMethod(name), name);
  }
  indexes.set(ctx, idx);
  return idx;
}

const uses = new WeakMap<ScopedFile['file'], CommandUse[]>();

function usesIn(scoped: ScopedFile, ctx: SourceContext, params: Record<string, unknown>): CommandUse[] {
  let found = uses.get(scoped.file);
  if (!found) {
    const idx = indexOf(ctx);
    const calls = (params.calls ?? []) as CallShape[];
    const ignored = new Set(((params.ignoreMethods ?? []) as string[]).map((m) => m.toLowerCase()));
    const receivers = ((params.ignoreReceivers ?? []) as string[]).map((r) => new RegExp(r));
    found = idx.known.size ? commandsInCode(scoped.file, calls, idx.known, idx.containers, ignored, receivers) : [];
    uses.set(scoped.file, found);
  }
  return found;
}

function hitOf(scoped: ScopedFile, u: CommandUse, vars: Record<string, string>, key: string): Hit {
  return {
    location: { file: scoped.file.path, line: u.line, column: u.column },
    evidence: scoped.file.evidence(u.line),
    key: `${key}:${u.command}:${u.how}`,
    vars: { command: u.command.toUpperCase(), how: u.how === 'method' ? 'client method' : u.how === 'raw' ? 'raw command' : 'Lua script', ...vars },
  };
}

/** Commands the code sends that are deprecated on the upgrade path (or in the target, when the source is unknown). */
export const commandDeprecatedInCode: SourceCheck = (scoped, ctx, params) => {
  const idx = indexOf(ctx);
  return usesIn(scoped, ctx, params).flatMap((u) => {
    const d = idx.deprecated.get(u.command);
    if (!d) return [];
    const since = releaseLabel(ctx.path.target.flavor, d.since);
    const boundary = ctx.fromKnown ? `${formatVersion(ctx.path.from)} → ${formatVersion(ctx.path.target)} crosses ${d.since}` : `deprecated since ${since}`;
    return [{ ...hitOf(scoped, u, { since, replacedBy: d.replacedBy }, 'deprecated'), boundary }];
  });
};

/**
 * The version a server reports in INFO's `redis_version`, which version guards compare with:
 * Valkey reports 7.2.4, the Redis release it forked from, whatever its own version
 * (valkey-io/valkey 7.2.4 RC1 release notes; see nodeVersion).
 */
function reportedRedisVersion(target: Version): Version {
  return target.flavor === 'valkey' ? VALKEY_FORK_POINT : target;
}

function guardVersion(text: string): Version | undefined {
  const m = /^\s*v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? { flavor: 'redis', major: Number(m[1]), minor: Number(m[2]), ...(m[3] === undefined ? {} : { patch: Number(m[3]) }) } : undefined;
}

/**
 * Does a guard keep a send of `command` from ever running on the target? `command` guards: a send of
 * the guarded command itself (the code runs only where it exists), or of any command when the target
 * lacks the guarded one (the code never runs there; a module command or one the table does not know
 * proves nothing). Version guards: when the version the target reports is outside the guard's range.
 */
function keepsOff(g: Guard, command: string, ctx: SourceContext): boolean {
  const target = ctx.path.target;
  if (g.spec.runsIf === 'command') {
    if (commandKey(g.argument) === command) return true;
    const s = commandStatus(ctx.commands, g.argument, target);
    return s.known && !s.module && !s.exists;
  }
  const v = guardVersion(g.argument);
  if (!v) return false;
  const below = compareSameFlavor(reportedRedisVersion(target), v) < 0;
  return g.spec.runsIf === 'version-at-least' ? below : !below;
}

/**
 * Commands the code sends that the target server does not have (a Redis-only command on a Valkey
 * target, a newer command on an older target). A send inside code that runs only where the server
 * has the command, or a version the target is not (`guards` in params: `@EnabledOnCommand("HGETDEL")`,
 * `@skip_if_server_version_lt("8.0.0")`), never reaches the target and is not reported.
 */
export const commandMissingInCode: SourceCheck = (scoped, ctx, params) => {
  const idx = indexOf(ctx);
  const guards = (params.guards ?? []) as GuardSpec[];
  return usesIn(scoped, ctx, params).flatMap((u) => {
    const why = idx.missing.get(u.command);
    if (!why) return [];
    if (guards.length && guardsAround(u.node, scoped.file.language, guards).some((g) => keepsOff(g, u.command, ctx))) return [];
    return [hitOf(scoped, u, { why }, 'missing')];
  });
};
