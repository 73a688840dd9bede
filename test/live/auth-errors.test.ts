import { afterAll, beforeAll, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli-async.js';
import { startStandalone, type StandaloneTopology } from '../helpers/topology.js';

/** A node that wants a password the run did not give: one reason, said once, with where the password goes. */
let server: StandaloneTopology;
beforeAll(async () => { server = await startStandalone({ password: 'pw-5e1f0c' }); }, 60_000);
afterAll(async () => { await server?.stop(); });

it('a missing password: the node is not checked, the reason says NOAUTH once and where to give the password', async () => {
  const r = await cliAsync(['check', '--live', `redis://127.0.0.1:${server.port}`, '--target', 'redis@7.4', '--format', 'json'], { REDISCLI_AUTH: '' });
  expect(r.code).toBe(2);
  const report = JSON.parse(r.stdout);
  const node = report.notChecked.find((n: { input: string }) => n.input === `127.0.0.1:${server.port}`);
  expect(node?.reason).toMatch(/^INFO failed: NOAUTH[^;]*\(give the password in the URL or in REDISCLI_AUTH/);
  expect(node?.reason.match(/NOAUTH/g)).toHaveLength(1);
  expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['live.unreachable-node']);
});
