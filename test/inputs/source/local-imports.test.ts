import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedNames, localImports, moduleName, moduleStem } from '../../../src/inputs/source/local-imports.js';

const APP = resolve('/srv/app');

describe('local modules a file imports', () => {
  it('reads the names of relative JavaScript paths and of Python imports from the bytes', () => {
    const js = Buffer.from("const a = require('../lib/redis.js');\nimport b from \"./cache\";\nconst c = require('lodash');\nconst d = '../broken\n");
    expect(importedNames(js, 'js')).toEqual(['redis', 'cache']);
    expect(importedNames(Buffer.from("const up = require('..');\nconst here = require('./');\nconst env = '.env';\n"), 'js')).toEqual(['..', '.']);
    const py = Buffer.from('import os, app.cache\nfrom .connection import db, pool as p\nfrom .. import settings\n# import nothing here\n');
    expect(importedNames(py, 'python')).toEqual(['os', 'cache', 'connection', 'db', 'pool', 'settings']);
    expect(importedNames(Buffer.from('import app.conn as c\nfrom .conn import (\n    client,\n)\nfrom app.conn import \\\n    client\n'), 'python')).toEqual(['conn', 'conn', 'conn']);
  });

  it('reads a long line of many imports once (linear time)', () => {
    const line = Buffer.from(`x = "${'import a '.repeat(200_000)}"\n`);
    const t = process.hrtime.bigint();
    expect(importedNames(line, 'python')).toEqual([]);
    // The old reading copied the line once per occurrence (minutes); once per line is milliseconds.
    expect(Number(process.hrtime.bigint() - t) / 1e6).toBeLessThan(2000);
  });

  it('resolves JavaScript specifiers with and without extension, and a directory index', () => {
    const file = join(APP, 'lib', 'queue', 'jobs.js');
    expect(localImports(file, "const s = require('../redis');\nimport x from './util/index.js';\n", 'javascript')).toEqual([
      { module: '../redis', stems: [join(APP, 'lib', 'redis'), join(APP, 'lib', 'redis', 'index')] },
      { module: './util/index.js', stems: [join(APP, 'lib', 'queue', 'util', 'index'), join(APP, 'lib', 'queue', 'util', 'index.js', 'index')] },
    ]);
  });

  it('resolves Python relative imports in the package and absolute ones against every directory above, submodules included', () => {
    const file = join(APP, 'pkg', 'models.py');
    const [rel, abs] = localImports(file, 'from .connection import db\nfrom pkg.cache import client\n', 'python');
    expect(rel).toEqual({ module: '.connection', stems: [join(APP, 'pkg', 'connection'), join(APP, 'pkg', 'connection', 'db')], names: ['db'] });
    expect(abs?.stems).toContain(join(APP, 'pkg', 'cache'));
    expect(abs?.stems).toContain(join(APP, 'pkg', 'cache', 'client'));
    expect(localImports(file, 'from pkg.cache import client\n', 'python', (n) => n === 'nothing')).toEqual([]);
  });

  it('reads aliases, parenthesised and continued name lists, and resolves absolute imports above the top-most package only', () => {
    const file = join(APP, 'pkg', 'worker.py');
    const isPackage = (dir: string) => dir === join(APP, 'pkg');
    const [aliased] = localImports(file, 'import pkg.conn as c\n', 'python', undefined, isPackage);
    expect(aliased).toEqual({ module: 'pkg.conn', stems: expect.arrayContaining([join(APP, 'pkg', 'conn')]) });
    // `import queue` in package pkg is the standard library's, never pkg/queue.py
    expect(localImports(file, 'import queue\n', 'python', undefined, isPackage)[0]?.stems).not.toContain(join(APP, 'pkg', 'queue'));
    expect(localImports(file, 'import queue\n', 'python', undefined, isPackage)[0]?.stems).toContain(join(APP, 'queue'));
    const [paren] = localImports(file, 'from . import (\n    models,\n    cache as c,\n)\n', 'python', undefined, isPackage);
    expect(paren).toEqual({ module: '.', stems: [join(APP, 'pkg', 'models'), join(APP, 'pkg', 'cache')], names: ['models', 'cache'] });
    const [continued] = localImports(file, 'from .conn import \\\n    client\n', 'python', undefined, isPackage);
    expect(continued?.names).toEqual(['client']);
  });

  it("resolves '..' and '.' to a directory's index", () => {
    const file = join(APP, 'lib', 'queue', 'jobs.js');
    expect(localImports(file, "const s = require('..');\n", 'javascript')).toEqual([{ module: '..', stems: [join(APP, 'lib'), join(APP, 'lib', 'index')] }]);
  });

  it('names a module by its file, an index or __init__ by its directory', () => {
    expect(moduleName(join(APP, 'lib', 'redis.js'))).toBe('redis');
    expect(moduleName(join(APP, 'lib', 'store', 'index.ts'))).toBe('store');
    expect(moduleStem(join(APP, 'pkg', '__init__.py'))).toBe(join(APP, 'pkg'));
    expect(moduleName(join(APP, 'pkg', '__init__.py'))).toBe('pkg');
  });
});
