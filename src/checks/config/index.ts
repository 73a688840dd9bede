import type { ConfigCheck } from '../context.js';
import { aclUserRules } from './acl-rules.js';
import { defaultChanged } from './defaults.js';
import { aliasDirective, duplicateUser, ignoredDirective, invalidValue, sentinelIgnoredDirective, sentinelOption, unknownDirective } from './directives.js';
import { loadmoduleMissing } from './modules.js';
import { problemCheck } from './problems.js';
import { rdbRefusedOnPath } from './rdb.js';
import { renameCommand } from './rename-command.js';

/** The code-backed config checks that packs name in `check:`. */
export const CONFIG_CHECKS: Record<string, ConfigCheck> = {
  'unbalanced-quotes': problemCheck('unbalanced-quotes'),
  'include-missing': problemCheck('include-missing'),
  'include-directory': problemCheck('include-directory'),
  'include-cycle': problemCheck('include-cycle'),
  'binary-file': problemCheck('binary'),
  'nul-byte': problemCheck('nul-byte'),
  'acl-line': problemCheck('acl-line'),
  'unknown-directive': unknownDirective,
  'sentinel-ignored-directive': sentinelIgnoredDirective,
  'invalid-value': invalidValue,
  'sentinel-option': sentinelOption,
  'alias-directive': aliasDirective,
  'ignored-directive': ignoredDirective,
  'default-changed': defaultChanged,
  'duplicate-user': duplicateUser,
  'loadmodule-missing': loadmoduleMissing,
  'rename-command': renameCommand,
  'rdb-refused-on-path': rdbRefusedOnPath,
  'acl-user-rules': aclUserRules,
};
