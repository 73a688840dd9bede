import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cached, hashOf } from '../../src/rulepack/cache.js';
import { loadRuleIndex } from '../../src/rulepack/load.js';

let saved: string | undefined;
let dir: string;
beforeEach(() => {
  saved = process.env.REDIS_UPGRADE_LINT_CACHE;
  dir = mkdtempSync(join(tmpdir(), 'rul-cache-'));
  process.env.REDIS_UPGRADE_LINT_CACHE = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env.REDIS_UPGRADE_LINT_CACHE;
  else process.env.REDIS_UPGRADE_LINT_CACHE = saved;
});

describe('cached', () => {
  it('computes a value once per key and keeps the newest few keys', () => {
    let runs = 0;
    const compute = () => { runs++; return { n: runs }; };
    expect(cached('thing', hashOf(['a']), compute)).toEqual({ n: 1 });
    expect(cached('thing', hashOf(['a']), compute)).toEqual({ n: 1 });
    expect(cached('thing', hashOf(['b']), compute)).toEqual({ n: 2 });
    for (const k of ['c', 'd', 'e', 'f']) cached('thing', hashOf([k]), compute);
    expect(readdirSync(dir).filter((f) => f.startsWith('thing.'))).toHaveLength(4);
  });

  it('hashes lists of parts without ambiguity', () => {
    expect(hashOf(['ab', 'c'])).not.toBe(hashOf(['a', 'bc']));
    expect(hashOf([Buffer.from('x')])).toBe(hashOf(['x']));
  });

  it('computes every time when turned off or when the directory cannot be written', () => {
    let runs = 0;
    process.env.REDIS_UPGRADE_LINT_CACHE = 'off';
    cached('thing', 'k', () => ++runs);
    cached('thing', 'k', () => ++runs);
    expect(runs).toBe(2);
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    chmodSync(file, 0o444);
    process.env.REDIS_UPGRADE_LINT_CACHE = join(file, 'below');
    expect(cached('thing', 'k', () => ++runs)).toBe(3);
    expect(cached('thing', 'k', () => ++runs)).toBe(4);
  });
});

describe('loadRuleIndex with the cache', () => {
  it('gives from the cache the index it gives fresh, with each pack rule the index rule', () => {
    process.env.REDIS_UPGRADE_LINT_CACHE = 'off';
    const fresh = loadRuleIndex();
    process.env.REDIS_UPGRADE_LINT_CACHE = dir;
    loadRuleIndex();
    expect(readdirSync(dir).filter((f) => f.startsWith('rule-index.'))).toHaveLength(1);
    const again = loadRuleIndex();
    expect(again).toEqual(fresh);
    expect(again.rules[0]).toBe(again.packs.find((p) => p.rules.length)?.rules[0]);
    // each load is a fresh object: callers add errors to it
    again.errors.push('x');
    expect(loadRuleIndex().errors).toEqual([]);
  });
});
