import type { ConfigDocument } from '../inputs/config/document.js';
import type { Location, NotChecked } from '../report/finding.js';
import type { AclRulesTable, CommandSpec, LineCommandTable, RdbVersionEntry, Reference, Severity } from '../rulepack/types.js';
import type { UpgradePath } from '../versions/path.js';
import type { DirectiveLookup } from './tables.js';

/** What a check knows about the run: the path and the tables of both ends. */
export interface CheckContext {
  path: UpgradePath;
  from: DirectiveLookup;
  target: DirectiveLookup;
  /** Every known line's table, redis lines oldest first, then valkey. */
  all: DirectiveLookup[];
  /** The working directory the server would run in (relative include and loadmodule paths). */
  cwd: string;
  /** Inputs or parts of inputs that could not be checked; checks append to it. */
  notChecked: NotChecked[];
  /** Lowercase command name → facts (rules/tables/commands.json), for checks that name commands. */
  commands?: Record<string, CommandSpec>;
  /** The command tables of Redis lines before 7.0 (rules/tables/commands.json `lines`). */
  commandLines?: LineCommandTable[];
  /** The RDB version each line writes and reads (rules/tables/rdb-versions.json). */
  rdbVersions?: RdbVersionEntry[];
  /** What ACLSetUser accepts, and since when (rules/tables/acl-rules.json). */
  aclRules?: AclRulesTable;
}

/** What a check found; the engine adds the rule's id, severity, text and references. */
export interface Hit {
  location: Location;
  evidence: string;
  /** What makes this hit distinct in its file, for the fingerprint (not the line number). */
  key: string;
  /** Values for the {placeholders} of the rule's message and fix. */
  vars: Record<string, string>;
  boundary?: string;
  /**
   * What the hit is about, for joining findings across inputs: `command:georadius`,
   * `directive:acl-pubsub-default`, `library:redis-py`. When absent, toFinding derives it from
   * the `command` or `directive` var (and `library` for manifest rules).
   */
  subject?: string;
  /** Sources of this hit's own facts (a library's README at a tag), cited before the rule's references. */
  references?: Reference[];
}

export type ConfigCheck = (doc: ConfigDocument, ctx: CheckContext) => Hit[];

export type { Severity };
