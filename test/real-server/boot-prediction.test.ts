import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/checks/run.js';
import { aclFixtureCopy, listFixtures } from '../../src/checks/rule-tests.js';
import { ROOT, SHARED_CONF } from '../helpers/cli.js';
import { bootWith, serverVersion } from '../helpers/redis-server.js';

/**
 * The promise of blocksStartup, checked against the real server this machine has (Debian's
 * redis-server 7.0.15): for every conf, a blocksStartup finding for target redis@7.0 is
 * reported if and only if that server refuses to start with it.
 */
const TARGET = 'redis@7.0';
const synthetic: Record<string, string> = {
  'maxmemory-samples-100': 'maxmemory-samples 100\n', // refused from 7.4 only
  'maxmemory-samples-0': 'maxmemory-samples 0\n',
  'bind-optional': 'bind 127.0.0.1 -::1\n',
  'loglevel-nothing': 'loglevel nothing\n', // 7.2+
  'gopher': 'gopher-enabled no\n',
  'set-listpack': 'set-max-listpack-entries 128\n', // 7.2+
  'save-pairs': 'save 900 1 300 10\n',
  'save-reset': 'save ""\n',
  'users-and-aclfile': 'user alice on >pw ~* &* +@all\naclfile /etc/redis/users.acl\n',
  'duplicate-user': 'user alice on >pw ~* &* +@all\nuser alice on +@read\n',
  'memory-units': 'maxmemory 1GB\nmaxmemory-clients 10%\n',
  'memory-bad-unit': 'maxmemory 1.5gb\n',
  'bool-bad': 'appendonly 1\n',
  'bool-case': 'appendonly YES\n',
  'enum-multi': 'shutdown-on-sigterm nosave now\n',
  'arity': 'maxmemory 1 2\n',
  'quotes': 'requirepass "a"b\n',
  'case': 'MAXMEMORY 1mb\n',
  'include-glob-empty': 'include ./no-such-dir/*.conf\n',
  'include-missing': 'include ./no-such-file.conf\n',
  'rename-command': 'rename-command CONFIG ""\nrename-command DEBUG ""\n',
  'rename-unknown': 'rename-command CONIFG ""\n', // No such command in rename-command
  'rename-twice': 'rename-command CONFIG cfg-2f9a\nrename-command cfg-2f9a ""\n',
  'rename-renamed-away': 'rename-command CONFIG cfg-2f9a\nrename-command CONFIG ""\n',
  'rename-onto-existing': 'rename-command DEBUG GET\n', // Target command name already exists
  'unixsocketperm-bad': 'unixsocketperm 999\n',
  'hz-range': 'hz 501\n',
  'io-threads': 'io-threads 200\n',
  'cluster-replicaof': 'cluster-enabled yes\nreplicaof 127.0.0.1 6380\n', // replicaof directive not allowed in cluster mode
  'notify-bad-class': 'notify-keyspace-events KEq\n', // not an event class character in any release
  'notify-new-key': 'notify-keyspace-events AKEn\n', // n (new key) arrived in 7.0
  'obuf-master': 'client-output-buffer-limit master 0 0 0\n',
  'obuf-bad-memory': 'client-output-buffer-limit normal 1.5mb 0 0\n', // memtoull from 7.0 (memtoll before accepted it)
  'obuf-replica-groups': 'client-output-buffer-limit replica 256mb 64mb 60 Normal 0 0 0\n',
  'oom-out-of-range': 'oom-score-adj-values 0 200 3000\n',
  'oom-range': 'oom-score-adj-values -2000 0 2000\n',
  'latency-percentile-101': 'latency-tracking-info-percentiles 50 101\n',
  'latency-percentiles': 'latency-tracking-info-percentiles 0 99.99 100\n',
};

/** ACL files, each booted through a configuration that names it (`aclfile`), so the check follows it from the conf. */
const syntheticAcl: Record<string, string> = {
  'acl-comment': '# the application users\nuser app on nopass ~* &* +@all\n',
  'acl-uppercase': 'USER app on nopass ~* &* +@all\n',
  'acl-double-space': 'user app  on nopass ~* &* +@all\n',
  'acl-duplicate': 'user app on nopass ~* &* +@all\nuser app on +@read\n',
  'acl-unclosed-selector': 'user app on nopass ~* &* (~cache:* +get\n', // 7.0.15 crashes on it
  'acl-unknown-command': 'user app on nopass ~* &* +nosuchcommand\n',
};

let confs: string[] = [];
beforeAll(() => {
  expect(serverVersion()).toMatch(/^7\.0\./);
  const dir = mkdtempSync(join(tmpdir(), 'rul-synth-'));
  for (const [name, text] of Object.entries(synthetic)) writeFileSync(join(dir, `${name}.conf`), text);
  const acls = [
    ...Object.entries(syntheticAcl).map(([name, text]) => { writeFileSync(join(dir, `${name}.acl`), text); return join(dir, `${name}.acl`); }),
    ...listFixtures(join(ROOT, 'fixtures')).filter((f) => f.endsWith('.acl')).map(aclFixtureCopy),
  ];
  for (const acl of acls) writeFileSync(join(dir, `aclfile-${basename(acl, '.acl')}.conf`), `aclfile ${acl}\n`);
  confs = [
    ...Object.keys(synthetic).map((n) => join(dir, `${n}.conf`)),
    ...acls.map((a) => join(dir, `aclfile-${basename(a, '.acl')}.conf`)),
    // A fixture may opt out with a reason, when what decides is outside the file (a module's ELF content).
    ...listFixtures(join(ROOT, 'fixtures')).filter((f) => f.endsWith('.conf') && !/^# boot-test: skip/m.test(readFileSync(f, 'utf8'))),
    ...readdirSync(join(ROOT, 'fixtures', 'demo')).map((f) => join(ROOT, 'fixtures', 'demo', f)),
  ];
});

/** Returns a description of the disagreement, or null when the linter and the server agree. */
async function compare(conf: string): Promise<string | null> {
  const { report } = runCheck({ paths: [conf], target: TARGET, from: TARGET, cwd: dirname(conf) });
  const blockers = report.findings.filter((f) => f.blocksStartup);
  const sentinel = report.inputs[0]?.kind === 'sentinel-config';
  let file = conf;
  if (sentinel) { // Sentinel rewrites its configuration file: give it a copy
    file = join(mkdtempSync(join(tmpdir(), 'rul-sent-')), basename(conf));
    copyFileSync(conf, file);
  }
  const booted = await bootWith(file, { cwd: dirname(conf), sentinel });
  const said = blockers.map((f) => `${f.ruleId} ${JSON.stringify(f.location)}: ${f.message}`).join('\n');
  if (blockers.length > 0 === !booted.started) return null;
  const serverSaid = booted.output.split('\n').filter((l) => /^>>>|^[A-Za-z]|#.*(Can't|Fatal|abort|invalid|Bad|error)/i.test(l) && !/oO0O|version=|Configuration loaded|WARNING Memory/.test(l));
  return `${conf}\n  linter: ${said || 'no blocker'}\n  server: ${booted.started ? 'started' : serverSaid.join(' | ')}`;
}

async function disagreements(files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    const d = await compare(f);
    if (d) out.push(d);
  }
  return out;
}

describe(`blocksStartup agrees with ${TARGET} (Debian's redis-server)`, () => {
  it('on the synthetic, fixture and demo configurations', async () => {
    expect(await disagreements(confs)).toEqual([]);
  });
  it('on Debian\'s own /etc/redis/redis.conf', async () => {
    if (!existsSync('/etc/redis/redis.conf')) throw new Error('/etc/redis/redis.conf missing: apt-get install redis-server');
    expect(await disagreements(['/etc/redis/redis.conf'])).toEqual([]);
  });
  it.runIf(existsSync(SHARED_CONF))('on every default conf of ../shared/reference/conf', async () => {
    expect(await disagreements(readdirSync(SHARED_CONF).sort().map((f) => join(SHARED_CONF, f)))).toEqual([]);
  });
});
