import type { SourceFile } from '../../inputs/source/file.js';
import type { CommandSpec } from '../../rulepack/types.js';
import type { UpgradePath } from '../../versions/path.js';
import type { Hit } from '../context.js';
import type { LibraryPlan } from './libraries.js';

/** What source checks know about the run. */
export interface SourceContext {
  /** The server upgrade path. */
  path: UpgradePath;
  /** False when the source version was neither given nor inferable: "deprecated on the path" becomes "deprecated in the target". */
  fromKnown: boolean;
  /** Lowercase command name → facts (rules/tables/commands.json). */
  commands: Record<string, CommandSpec>;
  /** Every rule id of the loaded packs, for what an inline ignore comment may name. */
  ruleIds?: string[];
}

/** A source file and the client libraries it imports (the rules of other libraries do not run on it). */
export interface ScopedFile { file: SourceFile; libraries: LibraryPlan[] }

/** A code-backed source check, named by packs in `check:`; `params` come from the rule. */
export type SourceCheck = (scoped: ScopedFile, ctx: SourceContext, params: Record<string, unknown>) => Hit[];
