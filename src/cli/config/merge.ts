import { UsageError } from '../../errors.js';
import type { RuleSuppression } from '../../checks/suppress.js';
import type { ClientsMode } from '../../checks/source/libraries.js';
import type { Severity } from '../../rulepack/types.js';
import type { ToolConfig } from './load.js';

/** Connection settings of live checks and snapshots, as the options name them. */
export interface LiveSettings {
  sentinel?: string; 'master-name'?: string;
  /** ms */
  'connect-timeout': number;
  /** ms */
  'command-timeout': number;
  concurrency: number;
  'tls-ca'?: string; 'tls-cert'?: string; 'tls-key'?: string;
}

/** Everything `check` runs with, after the command line and the configuration file are merged. */
export interface CheckSettings extends LiveSettings {
  paths: string[]; target: string; from?: string; format: 'text' | 'json' | 'sarif' | 'markdown'; output?: string;
  'fail-on': Severity | 'never'; rules: string[]; only: string[]; skip: string[]; verbose: boolean;
  live: string[]; snapshot: string[]; clients: ClientsMode; 'include-vendored': boolean; baseline?: string; strict: boolean;
  suppressions: RuleSuppression[];
  acknowledgements?: string;
  'boot-with'?: string; rdb?: string; aof?: string;
  /** ms */
  'boot-timeout'?: number;
}

/** The command line as yargs gives it: undefined (or an empty list) for an option not given. */
export type CheckArgv = Partial<Omit<CheckSettings, 'suppressions'>>;
export type LiveArgv = Partial<LiveSettings>;

/** The defaults when neither the command line nor the file says (README "Commands and options"). */
export const DEFAULTS = {
  format: 'text', clients: 'latest', 'fail-on': 'error', 'connect-timeout': 2000, 'command-timeout': 5000, concurrency: 8,
} as const;

/** A list from the command line replaces the file's; an empty one means the option was not given. */
function list(cli: string[] | undefined, file: string[] | undefined): string[] {
  return cli?.length ? cli : file ?? [];
}

/**
 * Connection settings: the command line, else the file, else the defaults. The file's Sentinel
 * (an input) is taken for `check` only (`fileSentinel`); `snapshot` names its node on the command line.
 */
export function liveSettings(argv: LiveArgv, config?: ToolConfig, { fileSentinel = false } = {}): LiveSettings {
  const inputs = fileSentinel ? config?.inputs : undefined;
  const out: LiveSettings = {
    'connect-timeout': argv['connect-timeout'] ?? config?.timeouts?.connect ?? DEFAULTS['connect-timeout'],
    'command-timeout': argv['command-timeout'] ?? config?.timeouts?.command ?? DEFAULTS['command-timeout'],
    concurrency: argv.concurrency ?? config?.concurrency ?? DEFAULTS.concurrency,
  };
  const optional: [keyof LiveSettings, string | undefined][] = [
    ['sentinel', argv.sentinel ?? inputs?.sentinel], ['master-name', argv['master-name'] ?? inputs?.masterName],
    ['tls-ca', argv['tls-ca'] ?? config?.tls?.ca], ['tls-cert', argv['tls-cert'] ?? config?.tls?.cert], ['tls-key', argv['tls-key'] ?? config?.tls?.key],
  ];
  for (const [k, v] of optional) if (v !== undefined) (out as unknown as Record<string, string>)[k] = v;
  return out;
}

/** Extra rule-pack directories: `--rules` if given, else the file's `rules`. */
export function rulesDirs(cli: string[] | undefined, config?: ToolConfig): string[] {
  return list(cli, config?.rules);
}

/**
 * Merges the command line over the configuration file for `check`: an option given on the command
 * line wins; lists given there (paths, --live, --snapshot, --rules, --only, --skip) replace the
 * file's; suppressions come from the file only.
 * @throws UsageError when neither gives a target.
 */
export function checkSettings(argv: CheckArgv, config?: ToolConfig): CheckSettings {
  const target = argv.target ?? config?.target;
  if (target === undefined) {
    throw new UsageError(`missing --target: the version you move to (7.4, redis@7.4, valkey@8.0)${config ? `; ${config.file} has no target either` : ', or target: in .redis-upgrade-lint.yaml'}`);
  }
  const out = config?.output;
  const settings: CheckSettings = {
    ...liveSettings(argv, config, { fileSentinel: true }),
    target,
    paths: list(argv.paths, config?.inputs?.paths),
    live: list(argv.live, config?.inputs?.live),
    snapshot: list(argv.snapshot, config?.inputs?.snapshots),
    rules: rulesDirs(argv.rules, config),
    only: list(argv.only, config?.only),
    skip: list(argv.skip, config?.skip),
    clients: argv.clients ?? config?.clients ?? DEFAULTS.clients,
    'include-vendored': argv['include-vendored'] ?? config?.includeVendored ?? false,
    format: argv.format ?? out?.format ?? DEFAULTS.format,
    'fail-on': argv['fail-on'] ?? out?.failOn ?? DEFAULTS['fail-on'],
    strict: argv.strict ?? out?.strict ?? false,
    verbose: argv.verbose ?? out?.verbose ?? false,
    suppressions: config?.suppressions ?? [],
  };
  const from = argv.from ?? config?.from;
  const output = argv.output ?? out?.file;
  const baseline = argv.baseline ?? out?.baseline;
  if (from !== undefined) settings.from = from;
  if (output !== undefined) settings.output = output;
  if (baseline !== undefined) settings.baseline = baseline;
  const optional: [keyof CheckSettings, string | number | undefined][] = [
    ['acknowledgements', argv.acknowledgements ?? config?.acknowledgements],
    ['boot-with', argv['boot-with'] ?? config?.boot?.with], ['rdb', argv.rdb ?? config?.boot?.rdb], ['aof', argv.aof ?? config?.boot?.aof],
    ['boot-timeout', argv['boot-timeout'] ?? config?.boot?.timeout],
  ];
  for (const [k, v] of optional) if (v !== undefined) (settings as unknown as Record<string, string | number>)[k] = v;
  return settings;
}
