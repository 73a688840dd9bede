import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli-async.js';
import { startTlsStandalone, type StandaloneTopology, type TlsFiles } from '../helpers/topology.js';
import { serverVersion } from '../helpers/redis-server.js';

const OPENSSL = process.env.OPENSSL_BIN ?? 'openssl';
const hasOpenssl = spawnSync(OPENSSL, ['version'], { encoding: 'utf8' }).status === 0;

/** A throw-away PKI made with openssl: a CA, a server and a client certificate it signs, and a second, unrelated CA. */
function makeCertificates(dir: string): { ca: string; otherCa: string; server: TlsFiles; client: TlsFiles } {
  const openssl = (args: string[]) => execFileSync(OPENSSL, args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const selfSigned = (name: string) => openssl(['req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`]);
  // Node checks the server's identity against the address it dialled: the certificate names IP 127.0.0.1.
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  const signed = (name: string) => {
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', 'san.cnf']);
  };
  selfSigned('ca');
  selfSigned('other-ca');
  signed('server');
  signed('client');
  const files = (name: string): TlsFiles => ({ ca: join(dir, 'ca.crt'), cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) });
  return { ca: join(dir, 'ca.crt'), otherCa: join(dir, 'other-ca.crt'), server: files('server'), client: files('client') };
}

/**
 * `rediss://` with --tls-ca/--tls-cert/--tls-key against Debian's redis-server 7.0.15, which is
 * built with TLS (it links libssl3): a TLS-only server (port 0, tls-port, tls-auth-clients yes).
 * Needs the openssl command to make the certificates; skipped without it.
 */
describe.skipIf(!hasOpenssl)('live check over TLS', () => {
  let dir: string;
  let pki: ReturnType<typeof makeCertificates>;
  let server: StandaloneTopology;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rul-tls-'));
    pki = makeCertificates(dir);
    server = await startTlsStandalone({ server: pki.server, client: pki.client });
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const tlsArgs = (ca: string) => ['--tls-ca', ca, '--tls-cert', pki.client.cert, '--tls-key', pki.client.key];

  it('collects the node through rediss:// with the CA and a client certificate', async () => {
    const r = await cliAsync(['check', '--live', `rediss://127.0.0.1:${server.port}`, ...tlsArgs(pki.ca), '--target', 'redis@7.4', '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.inputs).toEqual([expect.objectContaining({ path: `rediss://127.0.0.1:${server.port}`, kind: 'live', topology: 'standalone', nodes: 1 })]);
    expect(report.from).toMatchObject({ version: `redis@${serverVersion()}`, source: 'inferred' });
    expect(report.notChecked).toEqual([]);
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toContain('live.node-version');
    expect(ids).not.toContain('live.unreachable-node');
    // 1, not 2: the node was checked (the harness runs it with protected-mode no, an acl.default-user-open error).
    expect(r.code).toBe(1);
  });

  it('snapshot works over TLS too, and the certificate files are not in it', async () => {
    const out = join(dir, 'tls-snapshot.json');
    const r = await cliAsync(['snapshot', `rediss://127.0.0.1:${server.port}`, ...tlsArgs(pki.ca), '--output', out]);
    expect(r.code).toBe(0);
    const check = await cliAsync(['check', '--snapshot', out, '--target', 'redis@7.4', '--format', 'json']);
    const report = JSON.parse(check.stdout);
    expect(report.findings.some((f: { ruleId: string; location: { instance?: string } }) => f.ruleId === 'live.node-version' && f.location.instance === `127.0.0.1:${server.port}`)).toBe(true);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('PRIVATE KEY');
    // The server's own certificate settings are file paths in CONFIG GET, never key material.
    expect(JSON.parse(text).nodes[0].config['tls-key-file']).toBe(pki.server.key);
  });

  it('a CA that did not sign the server: one line naming host:port and the cause, the node under notChecked, exit 2', async () => {
    const r = await cliAsync(['check', '--live', `rediss://127.0.0.1:${server.port}`, ...tlsArgs(pki.otherCa), '--target', 'redis@7.4', '--connect-timeout', '3000']);
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^redis-upgrade-lint: 127\\.0\\.0\\.1:${server.port}: cannot connect: [^\\n]*certificate`)), 'redis-upgrade-lint: nothing could be checked']);
    const line = r.stdout.split('\n').find((l) => l.includes('could not be checked'));
    expect(line).toMatch(new RegExp(`127\\.0\\.0\\.1:${server.port} could not be checked: cannot connect: .*certificate`));
    const json = JSON.parse((await cliAsync(['check', '--live', `rediss://127.0.0.1:${server.port}`, ...tlsArgs(pki.otherCa), '--target', 'redis@7.4', '--format', 'json'])).stdout);
    expect(json.notChecked).toEqual([{ input: `127.0.0.1:${server.port}`, reason: expect.stringMatching(/^cannot connect: [^\n]*certificate[^\n]*$/) }]);
  });

  it('without a client certificate the server refuses the connection: the TLS alert is the reason, on one line', async () => {
    const r = await cliAsync(['check', '--live', `rediss://127.0.0.1:${server.port}`, '--tls-ca', pki.ca, '--target', 'redis@7.4', '--format', 'json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    const node = report.notChecked.find((n: { input: string }) => n.input === `127.0.0.1:${server.port}`);
    expect(node?.reason).toMatch(/TLS: /);
    for (const n of report.notChecked) expect(n.reason).not.toContain('\n');
  });
});
