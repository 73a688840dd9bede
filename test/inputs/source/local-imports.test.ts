import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedNames, localImports, moduleName, moduleStem } from '../../../src/inputs/source/local-imports.js';

const APP = resolve('/srv/app');

describe('local modules a file imports', () => {
  it('reads the names of relative JavaScript paths and of Python imports from the bytes', () => {
    const js = Buffer.from("const a = require('../lib/redis.js');\nimport b from \"./cache\";\nconst c = require('lodash');\nconst d = '../broken\n");
    expect(importedNames(js, 'js')).toEqual(['cache', 'redis']);
    const py = Buffer.from('import os, app.cache\nfrom .connection import db, pool as p\nfrom .. import settings\n# import nothing here\n');
    expect(importedNames(py, 'python')).toEqual(['os', 'cache', 'connection', 'db', 'pool', '', 'settings'].filter(Boolean));
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
    expect(rel).toEqual({ module: '.connection', stems: [join(APP, 'pkg', 'connection'), join(APP, 'pkg', 'connection', 'db')] });
    expect(abs?.stems).toContain(join(APP, 'pkg', 'cache'));
    expect(abs?.stems).toContain(join(APP, 'pkg', 'cache', 'client'));
    expect(localImports(file, 'from pkg.cache import client\n', 'python', (n) => n === 'nothing')).toEqual([]);
  });

  it('names a module by its file, an index or __init__ by its directory', () => {
    expect(moduleName(join(APP, 'lib', 'redis.js'))).toBe('redis');
    expect(moduleName(join(APP, 'lib', 'store', 'index.ts'))).toBe('store');
    expect(moduleStem(join(APP, 'pkg', '__init__.py'))).toBe(join(APP, 'pkg'));
    expect(moduleName(join(APP, 'pkg', '__init__.py'))).toBe('pkg');
  });
});
