import type { Flavor } from '../versions/version.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** One directive as a release accepts it (rules/tables/directives/*.json). */
export interface DirectiveSpec {
  aliasOf?: string;
  type?: 'bool' | 'int' | 'enum' | 'string' | 'special' | 'legacy';
  /** Bounds, inclusive; strings for values beyond 2^53. */
  min?: number | string;
  max?: number | string;
  /** `memory`: accepts k, kb, m, mb, g, gb suffixes (bytes); `octal`: an octal number (unixsocketperm). */
  unit?: 'memory' | 'octal';
  /** Also accepts `N%` (a percentage of maxmemory). */
  percent?: boolean;
  values?: string[];
  /** Several values in one line (MULTI_ARG or bit-flag enums). */
  multi?: boolean;
  /** As CONFIG GET prints it on a default build. */
  default?: string;
  defaultVaries?: boolean;
  /** What the default does, written as a later release writes its default (bind "" before 7.0 = "* -::*"). */
  defaultMeans?: string;
  /** Accepted and ignored (deprecated_configs[] or a dead option). */
  ignored?: boolean;
  tls?: boolean;
  immutable?: boolean;
  hidden?: boolean;
  /** Tokens the line needs, the directive name included. */
  argc?: number;
  argcMin?: number;
  argcMax?: number;
  repeatable?: boolean;
  /** A multi-value line must carry a multiple of this many values (save: 2, client-output-buffer-limit: 4). */
  argsMultipleOf?: number;
  emptyAllowed?: boolean;
  note?: string;
  /**
   * How the hand-written branch of src/config.c loadServerConfigFromString reads the line (every
   * directive to 5.0, the rest in 6.0); when present it decides the value check instead of `type`.
   */
  parser?: LegacyParser;
  /**
   * What the server prints after the `>>>` line when it refuses the value: the text of a `parser`
   * branch's check (absent there: every value is accepted), or a release's own wording for a typed
   * entry where it differs from the 7.0 text checkValue composes (6.0 enums).
   */
  error?: string;
}

/**
 * The values a hand-written parser branch reads, all refused with the entry's `error` when one is
 * out of its bounds. `argc`: the branch reads only lines of that many tokens (save: 3), others
 * are accepted; `except`: argument lists taken before any read (`no one`, case-insensitive).
 */
export interface LegacyParser { reads: LegacyRead[]; argc?: number; except?: string[] }

/**
 * One argument (`arg`: 1 is the first value) as the branch reads it:
 * - yesnotoi: yes or no, case-insensitive; enum: one of the entry's `values`, case-insensitive;
 * - atoi, strtol, strtoll: glibc's reading of a leading number in `base` (10 unless said), the rest
 *   ignored and no digits read as 0, saturating at the long range (atoi then keeps the low 32 bits);
 *   `whole`: the end pointer is checked, so anything after the digits is refused; `range`: errno is
 *   checked, so a number beyond the long range is refused;
 * - memtoll (3.0 to 6.0): digits with an optional b/k/kb/m/mb/g/gb unit, an unknown unit reading as 0;
 *   memtoll-prefix (2.8): an unknown unit is ignored and the digits before it read.
 * The number is converted to `store`, the C type of the field it is stored in, and compared with
 * `min` and `max` (inclusive, in that type) as the branch's `if` does.
 */
export interface LegacyRead {
  arg: number;
  fn: 'yesnotoi' | 'enum' | 'atoi' | 'strtol' | 'strtoll' | 'memtoll' | 'memtoll-prefix';
  base?: number;
  whole?: boolean;
  range?: boolean;
  store?: 'int32' | 'uint32' | 'int64' | 'uint64';
  min?: number | string;
  max?: number | string;
}

export interface SentinelSpec { argc?: number; argcMin?: number; argcMax?: number; note?: string }

/** Every directive one release line accepts. */
export interface DirectivesTable {
  kind: 'directives';
  flavor: Flavor;
  line: string;
  version: string;
  released?: string;
  rdbVersion?: number;
  checked: string;
  sources: string[];
  unverified?: string[];
  directives: Record<string, DirectiveSpec>;
  sentinel?: Record<string, SentinelSpec>;
  /** Where the table was loaded from. */
  file: string;
}

export interface Reference { title: string; url: string }

export interface ArgCondition { index?: number; matches?: string; equals?: string; notMatches?: string; above?: number }

/** A declarative condition on a configuration document. */
export interface ConfigMatcher {
  directive?: string;
  absent?: string;
  sentinel?: string;
  arg?: ArgCondition;
  count?: { min?: number };
  kind?: 'server' | 'sentinel';
  all?: ConfigMatcher[];
  any?: ConfigMatcher[];
  not?: ConfigMatcher;
}

/**
 * When a rule applies, given the release that made the change:
 * - upgrade: the target has the change and the source does not;
 * - rollback: the source has it and the target does not;
 * - target-lacks / target-has: depends on the target only (the file uses something the target refuses);
 * - path: on every path (generic checks that read the tables of both ends).
 */
export type Applies = 'upgrade' | 'rollback' | 'target-lacks' | 'target-has' | 'path';

/** `boot`: what a real target server (and its redis-check-rdb/aof) did with the user's files (--boot-with). */
/** `acl-file`: an ACL file, the aclfile directive's (its `user` lines); `config`: redis.conf and sentinel.conf. */
export type InputKind = 'config' | 'acl-file' | 'live' | 'source' | 'manifest' | 'boot';

export interface Rule {
  id: string;
  title?: string;
  severity: Severity;
  blocksStartup?: boolean;
  change?: { flavor: Flavor; version: string };
  applies?: Applies;
  flavors?: Flavor[];
  inputs: InputKind[];
  check?: string;
  match?: ConfigMatcher;
  /** Client-library rules: the library version that made the change (and fixed it, for a bad range). */
  library?: { since?: string; until?: string };
  /** Applies only when the target server is older than `below`, at least `atLeast`, of these flavors. */
  server?: { below?: string; atLeast?: string; flavors?: Flavor[] };
  source?: SourceMatcher;
  manifest?: ManifestMatcher;
  /** Joins its findings with other inputs' on this subject (`directive:acl-pubsub-default`) when its vars do not name it. */
  subject?: string;
  /** Parameters of a code-backed check. */
  params?: Record<string, unknown>;
  message: string;
  fix: string;
  references: Reference[];
  /** The pack that declared the rule. */
  pack: string;
  file: string;
}

export type SourceLanguage = 'python' | 'javascript' | 'typescript' | 'tsx' | 'go' | 'java' | 'ruby' | 'lua';

/** An ast-grep rule object run on files of a language that import the pack's library. */
export interface SourceMatcher {
  /** `javascript` also covers typescript and tsx files. */
  language: SourceLanguage | SourceLanguage[];
  /** An ast-grep rule object: pattern, kind, regex, has, inside, all, any, not… */
  rule: Record<string, unknown>;
  constraints?: Record<string, unknown>;
  /** Literals of which a file must contain one; derived from the patterns when absent. */
  prefilter?: string[];
  /** A metavariable whose node locates the finding (instead of the whole match). */
  anchor?: string;
}

/** A condition on the resolved version of a dependency (and optionally another one). */
export interface ManifestMatcher { package?: string; range?: string; alsoPackage?: string; alsoRange?: string; absentPackage?: string }

/** What a client-library pack is about, for gating files and resolving versions. */
export interface LibrarySpec {
  ecosystem: 'pypi' | 'npm' | 'go' | 'maven' | 'rubygems';
  packages: string[];
  languages: SourceLanguage[];
  /** Module names whose import puts a file in scope (submodules included). */
  imports: string[];
  /** Ruby: constants (`Redis`) whose use puts a file in scope when a manifest declares the library (Bundler requires gems itself). */
  constants?: string[];
  /** The newest release the pack knows. */
  latest: string;
  latestSource?: string;
  /** From server `flavor@version` on, this library version or newer is needed; `source` says where, `url` links it at a tag. */
  compatible?: { server: string; version: string; source: string; url: string }[];
  /** What the library reports with CLIENT SETINFO (CLIENT LIST lib-name / lib-ver, Redis 7.2+). */
  libNames?: LibName[];
}

/**
 * One lib-name a library sends. `name(…)` matches too (a user tag, upstream drivers, a runtime:
 * `go-redis(,go1.21.0)`). lib-ver is the version of `package`, which is compared with the pack's
 * rules only when it is one of the pack's packages (node-redis reports @redis/client's version).
 */
export interface LibName { name: string; package: string; since: string; source: string }

export interface RulesPack {
  kind: 'rules';
  name: string;
  description: string;
  checked: string;
  sources?: string[];
  /** Present on client-library packs (rules versioned by the library's own semver). */
  library?: LibrarySpec;
  rules: Rule[];
  /** Upgrade steps no tool can verify; the report lists them until acknowledged. */
  manualChecks?: ManualCheck[];
  file: string;
}

/**
 * An upgrade step only a person can verify (a staging rehearsal, a backup copied off the host).
 * It applies like a rule: `change`/`applies`/`flavors` against the path, `inputs` against the
 * kinds of input the run had, `crossFlavor` only when the flavor changes (Redis → Valkey).
 */
export interface ManualCheck {
  id: string;
  title: string;
  /** What to do and how to know it is done. */
  description: string;
  change?: { flavor: Flavor; version: string };
  applies?: Applies;
  flavors?: Flavor[];
  inputs?: InputKind[];
  crossFlavor?: boolean;
  references: Reference[];
  pack: string;
  file: string;
}

/** The RDB format version each release line writes (src/rdb.h RDB_VERSION). */
/**
 * The RDB version a release line writes (rules/tables/rdb-versions.json). `foreign`: the versions it
 * reads as another flavor's format under a REDIS0 header (Valkey 8.1+: Redis's 12 to 79), and
 * whether `rdb-version-check relaxed` lets it try them; `relaxedFuture`: the source saying that
 * relaxed lets it try a version above its own.
 */
export interface RdbVersionEntry {
  flavor: Flavor; line: string; rdbVersion: number; source: string; unverified?: boolean; note?: string;
  foreign?: { min: number; max: number; relaxed: 'accepts' | 'refuses'; source: string };
  relaxedFuture?: string;
  /** The magic it writes when not REDIS: a server that knows only REDIS (no `foreign`) refuses the file outright. */
  header?: { magic: 'VALKEY'; source: string };
}
export interface RdbVersionsTable { kind: 'rdb-versions'; checked: string; versions: RdbVersionEntry[]; file: string }

/**
 * What ACLSetUser accepts in a user line (rules/tables/acl-rules.json): the command categories, the
 * rule words with the release that brought each, and the releases of the forms that are not words
 * (`channels` &pattern, `selectors` ( ), `keyPermissions` %R~ %W~, `subcommandRules` -command|subcommand).
 */
export interface AclRelease { flavor: Flavor; version: string }
export interface AclRulesTable {
  kind: 'acl-rules'; checked: string; sources: string[];
  categories: { names: string[]; note?: string };
  words: { word: string; since: AclRelease }[];
  syntax: Record<'channels' | 'selectors' | 'keyPermissions' | 'subcommandRules' | 'subcommandAfterCommand', AclRelease>;
}

/**
 * A deprecation as one flavor's `src/commands/*.json` states it (`deprecated_since`, `replaced_by`).
 * Versions are of `flavor`; for Valkey, numbers up to 7.2.4 are Redis releases it inherited.
 */
export interface CommandDeprecation {
  flavor: Flavor;
  since: string;
  /** The first release of `flavor` that no longer deprecates it (Valkey 8.0 for CLUSTER SLOTS, 9.0 for most). */
  until?: string;
  replacedBy: string;
  source: string;
}

/**
 * What is known of one command (lowercase name, `container subcommand` for subcommands).
 * Answer "does version X have it / deprecate it" with `commandStatus()` (src/checks/commands.ts).
 */
export interface CommandSpec {
  /** The Redis version that introduced it; absent when no Redis release has it (Valkey-only). */
  since?: string;
  /**
   * The Valkey version that introduced it, as Valkey's own JSON states it: a value up to 7.2.4 is the
   * Redis release Valkey inherited it from at the fork (every Valkey release has it); absent when no
   * Valkey release has it.
   */
  valkeySince?: string;
  /** Legacy summary for older readers: some Valkey release has it (`valkeySince` is set). */
  valkey: boolean;
  /**
   * Provided by a module (its MODULE LIST name: search, ReJSON, bf, timeseries, vectorset), not by the
   * core server: `since` is then the first Redis release bundling it (8.0 on), and a Redis build has
   * it only with that module (vectorset is always loaded; the others need BUILD_WITH_MODULES=yes).
   */
  module?: string;
  /** Where `since` was read. */
  source?: string;
  /** Where `valkeySince` was read. */
  valkeySource?: string;
  deprecated?: CommandDeprecation[];
  /** Legacy, for older readers: no Valkey release since 8.0 deprecates it (the `until` of its Valkey deprecation says when). */
  notDeprecatedIn?: Flavor;
}
/**
 * The top-level command names one Redis release line has in its command table, for the lines
 * older than the command JSON files (2.8 to 6.2): `redisCommandTable` of src/server.c (src/redis.c
 * in 2.8 and 3.0) at the line's release tags, written by scripts/extract-command-table.ts --line.
 * It is what `rename-command` looks names up in; QUIT (answered before the lookup) and the Sentinel
 * commands (another table) are not in it.
 */
export interface LineCommandTable {
  flavor: Flavor;
  /** `3.2` */
  line: string;
  /** The release `commands` was read at (the release of the line's directive table): `3.2.13`. */
  version: string;
  /** `redis/redis@3.2.13:src/server.c redisCommandTable` */
  source: string;
  /** Lowercase, sorted; `host:` and `post` included (3.2.7 on). */
  commands: string[];
  /** Commands of `commands` that the line's first release (x.y.0) lacks: the first release of the line that has each, and where. */
  addedIn?: Record<string, { version: string; source: string }>;
  /**
   * The two refusals of config.c's rename-command branch at `version`, each with where it was read:
   * `missing` "No such command in rename-command", `exists` "Target command name already exists".
   * An absent key is a check the release does not make.
   */
  renameCommand: { missing?: string; exists?: string };
}

export interface CommandsTable { kind: 'commands'; checked: string; sources: string[]; unverified?: string[]; commands: Record<string, CommandSpec>; lines?: LineCommandTable[]; file: string }
