import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** Runs the built CLI without blocking the event loop (live tests talk to servers meanwhile). */
export function cliAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'redis-upgrade-lint.js'), ...args], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
