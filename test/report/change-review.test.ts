import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { cliAsync } from '../helpers/cli-async.js';
import { reportSchemaErrors, sarifSchemaErrors } from '../helpers/schemas.js';
import { cliOk, startReplicated, type ReplicatedTopology } from '../helpers/topology.js';

/**
 * The change-review flow of issue 5 end to end: one run over a configuration file, a live master and
 * replica started here (Debian's redis-server, running that file's maxmemory-samples 100) and an
 * application that calls SLOWLOG GET, which the test also sends so that INFO commandstats counts it.
 * Target valkey@8.1: it refuses maxmemory-samples above 64 and deprecates SLOWLOG for COMMANDLOG.
 */
const CONF = join('fixtures', 'change-review', 'redis.conf');
const APP = join('fixtures', 'change-review', 'app');

interface Related { ruleId: string; evidence: string; location: { file?: string; instance?: string; field?: string } }
interface F { ruleId: string; severity: string; subject?: string; location: { file?: string; line?: number; instance?: string }; related?: Related[]; boundary?: string }

let topo: ReplicatedTopology;
/** An application connection that stays open, its last command SLOWLOG GET (CLIENT LIST cmd). */
let app: Redis;
const run = (format: string) => cliAsync(['check', CONF, APP, '--live', `redis://127.0.0.1:${topo.master.port}`, '--target', 'valkey@8.1', '--format', format]);

beforeAll(async () => {
  topo = await startReplicated({ conf: ['maxmemory-samples 100'] });
  await cliOk(topo.master.port, ['SLOWLOG', 'GET', '10']);
  app = new Redis({ port: topo.master.port, host: '127.0.0.1', lazyConnect: true });
  await app.connect();
  await app.call('SLOWLOG', 'GET', '1');
}, 60_000);
afterAll(async () => { app?.disconnect(); await topo?.stop(); });

describe('one run over a conf file, a live deployment and an application', () => {
  let report: { findings: F[]; summary: { verdict: string; error: number }; plan: unknown[]; notChecked: unknown[]; inputs: { kind: string }[] };
  let code: number;

  beforeAll(async () => {
    const r = await run('json');
    code = r.code;
    report = JSON.parse(r.stdout);
  }, 60_000);

  it('writes a JSON report that validates, with a verdict, the inputs of every kind and a plan', () => {
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(code).toBe(1);
    expect(report.summary.verdict).toBe('blocked');
    expect(report.inputs.map((i) => i.kind).sort()).toEqual(['config', 'live', 'manifest', 'source']);
    expect(report.plan.length).toBeGreaterThan(0);
    expect(Array.isArray(report.notChecked)).toBe(true);
  });

  it('joins the directive in the file with its value in CONFIG GET under one finding', () => {
    const joined = report.findings.filter((f) => f.subject === 'directive:maxmemory-samples');
    expect(joined).toHaveLength(1);
    const [f] = joined as [F];
    expect(f).toMatchObject({ ruleId: 'config.invalid-value', severity: 'error', location: { file: CONF, line: 4 } });
    expect(f.related?.map((r) => [r.ruleId, r.location.instance, r.location.field]).sort()).toEqual([
      ['config.invalid-value', `127.0.0.1:${topo.master.port}`, 'maxmemory-samples'],
      ['config.invalid-value', `127.0.0.1:${topo.replica.port}`, 'maxmemory-samples'],
    ].sort());
  });

  it('joins the command sent by the code with its calls in INFO commandstats, and says which boundary makes it apply', () => {
    const joined = report.findings.filter((f) => f.subject === 'command:slowlog get');
    expect(joined).toHaveLength(1);
    const [f] = joined as [F];
    expect(f).toMatchObject({ ruleId: 'source.command-deprecated', location: { file: join(APP, 'worker.py'), line: 8 } });
    expect(f.boundary).toMatch(/crosses 8\.1\.0/);
    expect(f.related).toEqual([expect.objectContaining({ ruleId: 'commands.deprecated-used', location: expect.objectContaining({ instance: `127.0.0.1:${topo.master.port}`, field: 'cmdstat_slowlog|get' }) })]);
    expect(report.findings.filter((x) => x.ruleId === 'commands.deprecated-used' && x.subject === 'command:slowlog get')).toEqual([]);
    // The connected client whose last command it was (CLIENT LIST cmd): 7.0 has no CLIENT SETINFO, so no library name.
    expect(f.related?.[0]?.evidence).toMatch(/^cmdstat_slowlog\|get:calls=2,.*; last sent by 1× a client without CLIENT SETINFO \(127\.0\.0\.1:\d+\)$/);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema, the joined evidence as related locations', async () => {
    const r = await run('sarif');
    const sarif = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'source.command-deprecated');
    expect(result.relatedLocations[0].logicalLocations[0].name).toBe(`127.0.0.1:${topo.master.port} cmdstat_slowlog|get`);
  }, 60_000);

  it('writes Markdown for the change ticket and text, both showing the joined evidence and the plan', async () => {
    const md = (await run('markdown')).stdout;
    expect(md).toMatch(/^# Redis upgrade review: redis@7\.0\.15 → valkey@8\.1/);
    expect(md).toContain('**Verdict: Blocked');
    expect(md).toMatch(/Also seen in 2 other place\(s\):\n {4}- `127\.0\.0\.1:\d+ \((?:master|replica)\) maxmemory-samples` config\.invalid-value/);
    expect(md).toContain('## Rolling-upgrade plan');
    expect(md).toContain('## Manual checks (4 open)');
    expect(md).toMatch(/\| `redis:\/\/127\.0\.0\.1:\d+` \| live replication, 2 node\(s\) \|/);
    const text = (await run('text')).stdout;
    expect(text).toMatch(/worker\.py:8 {2}source\.command-deprecated[^\n]*\n(?: {4}[^\n]*\n)*? {4}also: 127\.0\.0\.1:\d+ \(master\) cmdstat_slowlog\|get {2}commands\.deprecated-used/);
  }, 60_000);
});
