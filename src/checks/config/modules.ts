import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ConfigCheck } from '../context.js';
import { directiveHit } from './directive-hit.js';

/**
 * `loadmodule` of a file that does not exist on this machine: the server aborts at startup
 * ("Can't load module from …: server aborting", redis/redis src/module.c moduleLoadFromQueue).
 * Relative paths resolve against the server's working directory, as dlopen() does.
 */
export const loadmoduleMissing: ConfigCheck = (doc, ctx) =>
  doc.directives.flatMap((d) => {
    if (d.name !== 'loadmodule' || d.args.length === 0) return [];
    const path = d.args[0] as string;
    const full = isAbsolute(path) ? path : resolve(ctx.cwd, path);
    return existsSync(full) ? [] : [directiveHit(d, 'missing-module', { module: path })];
  });
