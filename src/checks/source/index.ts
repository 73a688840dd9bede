import { commandDeprecatedInCode, commandMissingInCode } from './commands.js';
import type { SourceCheck } from './context.js';
import { suppressionUnknownRule } from './suppressions.js';

/** The code-backed source checks that packs name in `check:`. */
export const SOURCE_CHECKS: Record<string, SourceCheck> = {
  'command-deprecated-in-code': commandDeprecatedInCode,
  'command-missing-in-code': commandMissingInCode,
  'suppression-unknown-rule': suppressionUnknownRule,
};
