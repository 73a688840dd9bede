import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { ROOT } from '../test/helpers/cli.js';
import { REDIS_CLI, startCluster, type ClusterTopology } from '../test/helpers/topology.js';

/**
 * A full live check of a 6-node cluster against `redis-cli --cluster check` on the same cluster,
 * measured in the same run; prints the ratio (target: the check stays under a second).
 */
let c: ClusterTopology;
beforeAll(async () => { c = await startCluster(); });
afterAll(async () => { await c.stop(); });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(cmd: string, args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

it('cluster check vs redis-cli --cluster check', () => {
  const port = String(c.nodes[0]?.port);
  const runs = 7;
  const ours = Array.from({ length: runs }, () => time(process.execPath, [join(ROOT, 'bin', 'redis-upgrade-lint.js'), 'check', '--live', `redis://127.0.0.1:${port}`, '--target', 'redis@7.4', '--format', 'json']));
  const ref = Array.from({ length: runs }, () => time(REDIS_CLI, ['--cluster', 'check', `127.0.0.1:${port}`]));
  const node = Array.from({ length: runs }, () => time(process.execPath, ['-e', '0']));
  const [o, r, n] = [median(ours), median(ref), median(node)];
  process.stdout.write([
    '',
    `redis-upgrade-lint check --live (6-node cluster): median ${o.toFixed(0)} ms over ${runs} runs`,
    `redis-cli --cluster check (same cluster):           median ${r.toFixed(0)} ms`,
    `node -e 0 (process start-up, for scale):            median ${n.toFixed(0)} ms`,
    `ratio ours / redis-cli: ${(o / r).toFixed(1)}x; ours minus Node start-up: ${(o - n).toFixed(0)} ms (${o < 1000 ? 'under' : 'OVER'} the 1 s target)`,
    '',
  ].join('\n'));
});
