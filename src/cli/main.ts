import { writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { errorText, messageOf, UsageError } from '../errors.js';
import { EXIT } from './exit.js';
import { rulesCommand, versionsCommand } from './rules-command.js';
import { runCheck } from '../checks/run.js';
import { loadRules } from '../checks/rules.js';
import { formatJson } from '../report/json.js';
import { formatText } from '../report/text.js';
import { formatSarif } from '../report/sarif.js';
import { formatMarkdown } from '../report/markdown.js';
import { compareWithBaseline, readBaseline } from '../report/baseline.js';
import { severityRank } from '../report/finding.js';
import { openManual } from '../report/report.js';
import { addBootProof } from '../checks/boot/index.js';
import type { LoadedSnapshot } from '../checks/run.js';
import { collectLive, readSnapshotFile, redactUrl, type LiveOptions } from '../inputs/live/load.js';
import { selects } from '../checks/suppress.js';
import { readToolConfig, type ToolConfig } from './config/load.js';
import { checkSettings, DEFAULTS, liveSettings, rulesDirs, type CheckArgv, type CheckSettings, type LiveArgv, type LiveSettings } from './config/merge.js';

export { EXIT };

/**
 * A repeatable option taking one value each time (`--live A --live B`): not a yargs array, which
 * would swallow the paths after it (`--snapshot s.json redis.conf`).
 */
function repeatable(describe: string) {
  return { type: 'string' as const, describe, coerce: (v: string | string[]): string[] => [v].flat() };
}

function useColor(toFile: boolean): boolean {
  if (toFile) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/** @throws UsageError when the --output file cannot be written. */
function emit(text: string, output: string | undefined): void {
  if (!output) { process.stdout.write(text); return; }
  try {
    writeFileSync(output, text);
  } catch (err) {
    throw new UsageError(`--output ${output}: cannot write: ${errorText(err).replace(/, open '.*'$/, '')}`);
  }
}

/** The options that choose the configuration file, on every command. */
interface ConfigArgv { 'config-file'?: string; config?: boolean }

function toolConfig(argv: ConfigArgv): ToolConfig | undefined {
  return readToolConfig({ ...(argv['config-file'] !== undefined ? { configFile: argv['config-file'] } : {}), useCwd: argv.config !== false });
}

/**
 * The configuration file for `rules` and `versions`, which read only its rule directories: a
 * broken .redis-upgrade-lint.yaml found in the current directory is said on stderr and left out,
 * so that listing and explaining rules still works while it is being fixed. One named with
 * --config-file stays an error. @throws UsageError for a broken --config-file.
 */
function toolConfigForRules(argv: ConfigArgv): ToolConfig | undefined {
  try {
    return toolConfig(argv);
  } catch (err) {
    if (!(err instanceof UsageError) || argv['config-file'] !== undefined) throw err;
    process.stderr.write(`redis-upgrade-lint: warning: ${messageOf(err)}\nredis-upgrade-lint: warning: going on without the configuration file: its rule directories are not loaded\n`);
    return undefined;
  }
}

function liveOptions(argv: LiveSettings): LiveOptions {
  const tls = argv['tls-ca'] || argv['tls-cert'] || argv['tls-key']
    ? { ...(argv['tls-ca'] ? { ca: argv['tls-ca'] } : {}), ...(argv['tls-cert'] ? { cert: argv['tls-cert'] } : {}), ...(argv['tls-key'] ? { key: argv['tls-key'] } : {}) }
    : undefined;
  return {
    connectTimeout: argv['connect-timeout'], commandTimeout: argv['command-timeout'], concurrency: argv.concurrency,
    ...(tls ? { tls } : {}), ...(argv.sentinel ? { sentinel: argv.sentinel } : {}), ...(argv['master-name'] ? { masterName: argv['master-name'] } : {}),
  };
}

/** A suppression must name a rule that exists, like --only and --skip: a typo would silently suppress nothing. */
function checkSuppressedIds(argv: CheckSettings): void {
  if (!argv.suppressions.length) return;
  const { rules } = loadRules(argv.rules);
  for (const s of argv.suppressions) {
    if (!rules.some((r) => selects(s.rule, r.id))) throw new UsageError(`${s.origin}: suppression of unknown rule id '${s.rule}' (see: redis-upgrade-lint rules list)`);
  }
}

async function check(argv: CheckSettings): Promise<number> {
  checkSuppressedIds(argv);
  const snapshots: LoadedSnapshot[] = [];
  const inputErrors: string[] = [];
  const seeds = [...argv.live];
  if (argv.sentinel && seeds.length === 0) seeds.push(`redis://${argv.sentinel}`);
  for (const url of seeds) {
    const snapshot = await collectLive(url, liveOptions(argv));
    snapshots.push({ source: redactUrl(url), kind: 'live', snapshot });
  }
  for (const file of argv.snapshot) {
    try {
      snapshots.push({ source: file, kind: 'snapshot', snapshot: readSnapshotFile(file) });
    } catch (err) {
      inputErrors.push(messageOf(err));
    }
  }
  if ((argv.rdb || argv.aof) && !argv['boot-with']) throw new UsageError('--rdb and --aof are checked with the target\'s redis-check-rdb / redis-check-aof beside the --boot-with binary: give --boot-with too');
  const baseline = argv.baseline ? readBaseline(argv.baseline) : undefined;
  const result = runCheck({
    paths: argv.paths, target: argv.target, from: argv.from, rulesDirs: argv.rules, only: argv.only, skip: argv.skip, snapshots,
    clients: argv.clients, includeVendored: argv['include-vendored'], suppressions: argv.suppressions,
    ...(argv.acknowledgements ? { acknowledgements: argv.acknowledgements } : {}),
  }, inputErrors);
  if (argv['boot-with']) {
    await addBootProof(result, {
      bootWith: argv['boot-with'], ...(argv.rdb ? { rdb: argv.rdb } : {}), ...(argv.aof ? { aof: argv.aof } : {}),
      ...(argv['boot-timeout'] ? { timeoutMs: argv['boot-timeout'] } : {}), rulesDirs: argv.rules, only: argv.only, skip: argv.skip,
    });
  }
  const { report, errors, checked } = result;
  if (baseline && argv.baseline) report.baseline = compareWithBaseline(report.findings, baseline, argv.baseline);
  for (const e of new Set(errors)) process.stderr.write(`redis-upgrade-lint: ${e}\n`);
  const text = argv.format === 'json' ? formatJson(report)
    : argv.format === 'sarif' ? formatSarif(report, loadRules(argv.rules).rules)
      : argv.format === 'markdown' ? formatMarkdown(report)
      : formatText(report, { color: useColor(!!argv.output), verbose: argv.verbose });
  emit(text, argv.output);
  if (!checked) {
    // Why, one line each (an unreachable node, a refused handshake), unless already said above.
    for (const n of report.notChecked) if (!errors.some((e) => e.startsWith(n.input))) process.stderr.write(`redis-upgrade-lint: ${n.input}: ${n.reason}\n`);
    process.stderr.write('redis-upgrade-lint: nothing could be checked\n');
    return EXIT.usage;
  }
  const openChecks = openManual(report);
  const gapCount = report.notChecked.filter((n) => !n.notApplicable).length;
  if (argv.strict && (gapCount || openChecks)) {
    const gaps = [gapCount ? `${gapCount} input(s) or part(s) could not be checked` : '', openChecks ? `${openChecks} manual check(s) open` : ''];
    process.stderr.write(`redis-upgrade-lint: --strict: ${gaps.filter(Boolean).join('; ')}\n`);
    return EXIT.findings;
  }
  if (argv['fail-on'] === 'never') return EXIT.ok;
  const bar = severityRank(argv['fail-on']);
  // With a baseline, only findings the previous report did not have fail the run.
  return report.findings.some((f) => severityRank(f.severity) <= bar && f.baseline !== 'unchanged') ? EXIT.findings : EXIT.ok;
}

/** Parses argv and runs a command; returns the exit code. Never throws for a user's mistake. */
export async function main(args: string[] = hideBin(process.argv)): Promise<number> {
  let code: number = EXIT.ok;
  const cli = yargs(args)
    .scriptName('redis-upgrade-lint')
    .usage('$0 <command> [options]\n\nPre-upgrade compatibility linter for Redis and Valkey.')
    .option('config-file', { type: 'string', global: true, describe: 'read the tool configuration from FILE instead of .redis-upgrade-lint.yaml in the current directory' })
    .option('config', { type: 'boolean', global: true, defaultDescription: 'true', describe: 'read .redis-upgrade-lint.yaml (or .yml) from the current directory; --no-config ignores it' })
    .command('check [paths..]', 'check config files, application code and manifests, and live deployments against a target version', (y) => y
      .positional('paths', { type: 'string', array: true, describe: 'redis.conf / sentinel.conf files, source files, dependency manifests or directories' })
      .option('target', { alias: 't', type: 'string', describe: 'target version: 7.4, 7.4.1, redis@7.4, valkey@8.0 (required here or in the configuration file)' })
      .option('from', { alias: 'f', type: 'string', describe: 'source version (inferred from the files when absent)' })
      .option('format', { choices: ['text', 'json', 'sarif', 'markdown'] as const, defaultDescription: DEFAULTS.format, describe: 'output format (sarif: SARIF 2.1.0 for code scanning; markdown: for a change ticket)' })
      .option('clients', { choices: ['latest', 'compatible'] as const, defaultDescription: DEFAULTS.clients, describe: 'client-library upgrade to check code for: to the newest major the packs know, or to the lowest version that supports the target' })
      .option('include-vendored', { type: 'boolean', defaultDescription: 'false', describe: 'also walk node_modules, vendor, dist, virtualenvs and other generated trees' })
      .option('strict', { type: 'boolean', defaultDescription: 'false', describe: 'exit 1 when anything could not be checked (a gap in coverage) or a manual check is open, whatever the findings' })
      .option('baseline', { type: 'string', describe: 'a previous JSON report: only findings it does not have fail the run' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE instead of stdout' })
      .option('fail-on', { choices: ['error', 'warning', 'info', 'never'] as const, defaultDescription: DEFAULTS['fail-on'], describe: 'lowest severity that makes the exit code 1' })
      .option('rules', repeatable('extra rule-pack directory (repeatable)'))
      .option('only', repeatable('run only these rule ids or id prefixes'))
      .option('skip', repeatable('skip these rule ids or id prefixes'))
      .option('verbose', { alias: 'v', type: 'boolean', defaultDescription: 'false', describe: 'show evidence and references in text output' })
      .option('acknowledgements', { type: 'string', describe: 'a YAML file marking manual checks done: who, when, ticket, expiry (schemas/acknowledgements.schema.json)' })
      .option('boot-with', { type: 'string', describe: "the target's redis-server / valkey-server binary: boot it on a copy of each configuration file (loopback, temporary directory) and report whether it starts" })
      .option('rdb', { type: 'string', describe: "an RDB file to check with the target's redis-check-rdb (beside --boot-with), on a copy" })
      .option('aof', { type: 'string', describe: "an appendonlydir (or old single AOF file) to check with the target's redis-check-aof, on a copy" })
      .option('boot-timeout', { type: 'number', defaultDescription: '5000', describe: 'ms the booted server may take to answer PING or exit' })
      .option('live', repeatable('redis:// or rediss:// URL of a node; the whole deployment is discovered from it (repeatable)'))
      .option('snapshot', repeatable('a snapshot file written by the snapshot command (repeatable)'))
      .options(LIVE_OPTIONS),
    async (argv) => { code = await check(checkSettings(argv as CheckArgv, toolConfig(argv))); })
    .command('snapshot <url>', 'read-only capture of a deployment, secrets redacted', (y) => y
      .positional('url', { type: 'string', demandOption: true, describe: 'redis:// or rediss:// URL of one node' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'file to write the snapshot to' })
      .options(LIVE_OPTIONS),
    async (argv) => { code = await snapshotCommand(argv.url, argv.output, liveSettings(argv as LiveArgv, toolConfig(argv))); })
    .command('rules <action> [id]', 'list, explain or test the rules', (y) => y
      .positional('action', { choices: ['list', 'explain', 'test'] as const, demandOption: true })
      .positional('id', { type: 'string', describe: 'rule id (explain) or fixture directory (test)' })
      .option('target', { type: 'string', describe: 'list only the rules that apply to this target' })
      .option('from', { type: 'string', describe: 'with --target: the source version' })
      .option('rules', repeatable('extra rule-pack directory (repeatable)')),
    (argv) => { code = rulesCommand(argv.action, argv.id, argv.target, argv.from, rulesDirs(argv.rules, toolConfigForRules(argv))); })
    .command('versions', 'the release lines the installed packs know', (y) => y
      .option('rules', repeatable('extra rule-pack directory (repeatable)')),
    (argv) => { code = versionsCommand(rulesDirs(argv.rules, toolConfigForRules(argv))); })
    .demandCommand(1, 'name a command: check, rules or versions')
    .recommendCommands()
    .strict()
    .help()
    .version()
    .fail((msg, err) => { throw err ?? new UsageError(msg); });
  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && err.name === 'YError')) {
      process.stderr.write(`redis-upgrade-lint: ${messageOf(err)}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`redis-upgrade-lint: internal error: ${messageOf(err)}\n`);
    if (process.env.REDIS_UPGRADE_LINT_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return EXIT.usage;
  }
  return code;
}

const LIVE_OPTIONS = {
  sentinel: { type: 'string', describe: 'HOST:PORT of a Sentinel: check the set it manages (with --master-name)' },
  'master-name': { type: 'string', describe: 'the master name the Sentinels monitor' },
  'connect-timeout': { type: 'number', defaultDescription: String(DEFAULTS['connect-timeout']), describe: 'per-node connect timeout (ms)' },
  'command-timeout': { type: 'number', defaultDescription: String(DEFAULTS['command-timeout']), describe: 'per-command timeout (ms)' },
  concurrency: { type: 'number', defaultDescription: String(DEFAULTS.concurrency), describe: 'nodes collected at once' },
  'tls-ca': { type: 'string', describe: 'CA certificate file for rediss:// (PEM)' },
  'tls-cert': { type: 'string', describe: 'client certificate file (PEM)' },
  'tls-key': { type: 'string', describe: 'client key file (PEM)' },
} as const;

async function snapshotCommand(url: string, output: string, argv: LiveSettings): Promise<number> {
  const snapshot = await collectLive(url, liveOptions(argv));
  emit(`${JSON.stringify(snapshot, null, 2)}\n`, output);
  const down = [...snapshot.nodes, ...snapshot.sentinels].filter((n) => !n.reachable);
  for (const n of down) process.stderr.write(`redis-upgrade-lint: ${n.address}: ${n.error ?? 'unreachable'}\n`);
  process.stderr.write(`redis-upgrade-lint: wrote ${output}: ${snapshot.topology}, ${snapshot.nodes.length} node(s), ${snapshot.sentinels.length} Sentinel(s)\n`);
  return snapshot.nodes.some((n) => n.reachable) ? EXIT.ok : EXIT.usage;
}
