import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SHARED_CONF = join(ROOT, '..', 'shared', 'reference', 'conf');

/** Runs the built CLI (npm test builds first) and returns its exit code and output. */
export function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'redis-upgrade-lint.js'), ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '0', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
