import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../../src/inputs/source/file.js';
import { BytesGate } from '../../../src/inputs/source/gate.js';
import { importMatches, importsOf } from '../../../src/inputs/source/imports.js';
import { languageCovers, languageOf, type SourceLanguage } from '../../../src/inputs/source/languages.js';
import { gateTerm, type ImportGate } from '../../../src/checks/source/analyse.js';
import { loadRuleIndex } from '../../../src/rulepack/load.js';
import { ROOT } from '../../helpers/cli.js';

const found = (gate: BytesGate, text: string) => gate.found(Buffer.from(text), () => text);

describe('BytesGate', () => {
  it('finds plain terms anywhere, through the shorter terms they contain', () => {
    const gate = new BytesGate([{ text: 'redis', quoted: false }, { text: 'aioredis', quoted: false }, { text: 'io.lettuce.core', quoted: false }]);
    expect(found(gate, 'import aioredis\n')).toEqual([0, 1]);
    expect(found(gate, 'x = my_redis_thing')).toEqual([0]);
    expect(found(gate, 'import io.lettuce.core.RedisClient;')).toEqual([2]);
    expect(found(gate, 'import json')).toEqual([]);
  });

  it('finds a quoted term only where it starts a string and ends it or goes on with / or .', () => {
    const gate = new BytesGate([{ text: 'redis', quoted: true }, { text: 'ioredis', quoted: true }]);
    expect(found(gate, "import { createClient } from 'redis';")).toEqual([0]);
    expect(found(gate, 'const Redis = require("ioredis")')).toEqual([1]);
    expect(found(gate, 'import "redis/cluster"')).toEqual([0]);
    expect(found(gate, 'require `redis.v5`')).toEqual([0]);
    // a flavor name, a word in a message, an identifier: not a module path
    expect(found(gate, "const flavor = 'redis@7.4'; // redis\nconst redisClient = 1;")).toEqual([]);
    expect(found(gate, "log('redis is down')")).toEqual([]);
  });

  it('searches non-ASCII terms in the decoded text', () => {
    const gate = new BytesGate([{ text: 'rédis', quoted: true }]);
    expect(found(gate, "import x from 'rédis'")).toEqual([0]);
    expect(found(gate, 'rédis')).toEqual([]);
  });

  it('never refuses a fixture file that imports a library, whatever the language', () => {
    const index = loadRuleIndex();
    const packs = index.packs.filter((p) => p.library);
    const files = globSync(['fixtures/rules/source/**/*', 'fixtures/source-apps/**/*', 'bench/fixtures/source/**/*', 'src/**/*.ts', 'test/**/*.ts'], { cwd: ROOT, onlyFiles: true });
    let importing = 0;
    for (const f of files) {
      const language = languageOf(f) as SourceLanguage | undefined;
      if (!language || language === 'lua') continue;
      const gates: ImportGate[] = packs.flatMap((p) => (p.library?.languages.some((l) => languageCovers(l, language))
        ? p.library.imports.map((module) => ({ module, plan: { pack: p } as never, constant: false })) : []));
      const bytes = readFileSync(join(ROOT, f));
      const passed = new BytesGate(gates.map((g) => gateTerm(g, language))).found(bytes, () => bytes.toString('utf8'));
      const imported = importsOf(new SourceFile(f, language, bytes.toString('utf8')));
      gates.forEach((g, i) => {
        if (imported.some((m) => importMatches(m.module, g.module))) {
          importing++;
          expect(passed, `${f} imports ${g.module}`).toContain(i);
        }
      });
    }
    expect(importing).toBeGreaterThan(100);
  });
});
