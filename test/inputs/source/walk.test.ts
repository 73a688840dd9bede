import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkTree } from '../../../src/inputs/source/walk.js';
import { readSource } from '../../../src/inputs/source/file.js';
import { constantsOf, importMatches, importsOf } from '../../../src/inputs/source/imports.js';
import { SourceFile } from '../../../src/inputs/source/file.js';
import { languageOf } from '../../../src/inputs/source/languages.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rul-walk-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

describe('walkTree', () => {
  it('honours nested .gitignore files and skips vendored trees unless asked', () => {
    const root = tree({
      '.gitignore': 'generated/\n*.log\n!keep.log\n',
      'app/.gitignore': 'local_*.py\n',
      'app/main.py': '', 'app/local_settings.py': '', 'generated/x.py': '', 'a.log': '', 'keep.log': '',
      'node_modules/ioredis/index.js': '', 'vendor/lib.go': '', '.venv/lib/site.py': '', 'src/dist/bundle.js': '',
    });
    const rel = (r: ReturnType<typeof walkTree>) => r.files.map((f) => f.path.slice(root.length + 1)).sort();
    const walked = walkTree(root);
    expect(rel(walked)).toEqual(['.gitignore', 'app/.gitignore', 'app/main.py', 'keep.log']);
    expect(walked.vendored.map((p) => p.slice(root.length + 1)).sort()).toEqual(['.venv', 'node_modules', 'src/dist', 'vendor']);
    const all = walkTree(root, { includeVendored: true, gitignore: false });
    expect(rel(all)).toContain('node_modules/ioredis/index.js');
    expect(rel(all)).toContain('generated/x.py');
  });

  it('reports symlinked directories, loops and dangling links instead of following or failing', () => {
    const root = tree({ 'src/a.py': 'import redis\n' });
    symlinkSync(join(root, 'src'), join(root, 'link-to-src'));
    symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
    symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
    symlinkSync(join(root, 'nowhere.py'), join(root, 'dangling.py'));
    symlinkSync(join(root, 'src', 'a.py'), join(root, 'b.py'));
    const r = walkTree(root);
    expect(r.files.map((f) => f.path.slice(root.length + 1)).sort()).toEqual(['b.py', 'src/a.py']);
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.path.slice(root.length + 1), s.reason]));
    expect(reasons).toEqual({
      'link-to-src': 'symbolic link to a directory, not followed',
      'loop-a': 'symbolic link loop', 'loop-b': 'symbolic link loop',
      'dangling.py': 'dangling symbolic link',
    });
  });

  // root reads every directory whatever its mode
  it.skipIf(process.getuid?.() === 0)('reports an unreadable directory and goes on', () => {
    const root = tree({ 'ok.py': '', 'locked/x.py': '' });
    chmodSync(join(root, 'locked'), 0o000);
    const r = walkTree(root);
    expect(r.files.map((f) => f.path)).toEqual([join(root, 'ok.py')]);
    expect(r.skipped[0]?.reason).toMatch(/cannot read directory/);
  });
});

describe('readSource', () => {
  it('skips binary and very large files with a reason', () => {
    const root = tree({ 'bin.py': 'import redis\0\0\0', 'big.js': 'x'.repeat(2048) });
    expect(readSource(join(root, 'bin.py'), 'python', 15)).toEqual({ skipped: 'binary file (NUL bytes): not scanned' });
    expect(readSource(join(root, 'big.js'), 'javascript', 2048, 1024)).toEqual({ skipped: 'larger than 1 KiB (2 KiB): not scanned' });
    expect(readSource(join(root, 'missing.py'), 'python', 1)).toEqual({ skipped: expect.stringMatching(/^unreadable: /) });
  });
});

describe('imports', () => {
  it('reads the modules each language imports, not words in strings or comments', () => {
    const cases: [string, string, string[]][] = [
      ['a.py', 'import os, redis.asyncio as r\nfrom rediscluster import RedisCluster\n# import ioredis\ns = "import jedis"\n', ['os', 'redis.asyncio', 'rediscluster']],
      ['a.ts', 'import Redis from "ioredis";\nconst c = require("redis");\nexport * from "@redis/client";\n// import x from "jedis"\n', ['@redis/client', 'ioredis', 'redis']],
      ['a.go', 'package a\nimport (\n  "context"\n  goredis "github.com/redis/go-redis/v9"\n)\n', ['context', 'github.com/redis/go-redis/v9']],
      ['A.java', 'import redis.clients.jedis.Jedis;\nimport io.lettuce.core.*;\nclass A {}\n', ['io.lettuce.core', 'redis.clients.jedis.Jedis']],
      ['a.rb', "require 'redis'\nrequire_relative 'x'\n# require 'sidekiq'\n", ['redis']],
    ];
    for (const [name, text, want] of cases) {
      const lang = languageOf(name);
      expect(lang).toBeDefined();
      expect(importsOf(new SourceFile(name, lang!, text)).map((i) => i.module).sort()).toEqual(want);
    }
  });

  it('reads the top-level constants a Ruby file uses (Bundler requires gems without a require line)', () => {
    const f = new SourceFile('a.rb', 'ruby', 'r = Redis.new\nc = Redis::Cluster.new\nx = Foo::Redis.new\n# Sidekiq.redis\n');
    expect([...constantsOf(f)].sort()).toEqual(['Foo', 'Redis']);
  });

  it('matches a library module and its submodules only', () => {
    expect(importMatches('redis.asyncio', 'redis')).toBe(true);
    expect(importMatches('redis/dist/x', 'redis')).toBe(true);
    expect(importMatches('rediscluster', 'redis')).toBe(false);
    expect(importMatches('ioredis', 'redis')).toBe(false);
    expect(importMatches('github.com/go-redis/redis/v8', 'github.com/go-redis/redis')).toBe(true);
  });
});
