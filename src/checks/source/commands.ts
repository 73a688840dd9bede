import type { CommandSpec } from '../../rulepack/types.js';
import { formatVersion, includesChange, parseVersion, type Version } from '../../versions/version.js';
import type { Hit } from '../context.js';
import { commandsInCode, normalizeMethod, type CallShape, type CommandUse } from './commands-in-code.js';
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

function deprecationOnPath(spec: CommandSpec, ctx: SourceContext): Deprecation | undefined {
  const { from, target } = ctx.path;
  if (spec.notDeprecatedIn === target.flavor) return undefined;
  for (const d of spec.deprecated ?? []) {
    const at: Version = parseVersion(d.since, d.flavor);
    if (!includesChange(target, at)) continue;
    if (ctx.fromKnown && includesChange(from, at)) continue;
    return { since: d.since, flavor: d.flavor, replacedBy: d.replacedBy };
  }
  return undefined;
}

/** Why the target lacks a command, or undefined when it has it. */
function absence(spec: CommandSpec, target: Version): string | undefined {
  if (target.flavor === 'valkey' && !spec.valkey) return `not in Valkey`;
  if (target.flavor === 'redis' && !spec.since) return 'Valkey only';
  if (spec.since && !includesChange(target, parseVersion(spec.since))) return `added in Redis ${spec.since}`;
  return undefined;
}

const indexes = new WeakMap<SourceContext, CommandIndex>();

function indexOf(ctx: SourceContext): CommandIndex {
  let idx = indexes.get(ctx);
  if (idx) return idx;
  idx = { deprecated: new Map(), missing: new Map(), known: new Map(), containers: new Set() };
  for (const [name, spec] of Object.entries(ctx.commands)) {
    if (name.includes(' ')) idx.containers.add(name.split(' ')[0] as string);
    const dep = deprecationOnPath(spec, ctx);
    if (dep) idx.deprecated.set(name, dep);
    const why = absence(spec, ctx.path.target);
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
    found = idx.known.size ? commandsInCode(scoped.file, calls, idx.known, idx.containers, ignored) : [];
    uses.set(scoped.file, found);
  }
  return found;
}

function hitOf(scoped: ScopedFile, u: CommandUse, vars: Record<string, string>, key: string): Hit {
  return {
    location: { file: scoped.file.path, line: u.line, column: u.column },
    evidence: scoped.file.line(u.line).trim().slice(0, 200),
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
    const boundary = ctx.fromKnown ? `${formatVersion(ctx.path.from)} → ${formatVersion(ctx.path.target)} crosses ${d.since}` : `deprecated since ${d.flavor} ${d.since}`;
    return [{ ...hitOf(scoped, u, { since: `${d.flavor} ${d.since}`, replacedBy: d.replacedBy }, 'deprecated'), boundary }];
  });
};

/** Commands the code sends that the target server does not have (a Redis-only command on a Valkey target, a newer command on an older target). */
export const commandMissingInCode: SourceCheck = (scoped, ctx, params) => {
  const idx = indexOf(ctx);
  return usesIn(scoped, ctx, params).flatMap((u) => {
    const why = idx.missing.get(u.command);
    return why ? [hitOf(scoped, u, { why }, 'missing')] : [];
  });
};
