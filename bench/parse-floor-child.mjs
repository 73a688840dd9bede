// The parse floor of the source-scan benchmark, in its own process like the scanner:
// `node bench/parse-floor-child.mjs LIST` parses every file named in LIST (one path per line) with
// ast-grep's parseFiles (its own threads, one per core), matches nothing and builds no finding, and
// prints one JSON line with the files parsed and the in-process time (ms). Node start-up and the
// imports are in the wall time the benchmark measures around it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { astGrep, dynamicGrammars } from '../dist/src/inputs/source/napi.js';

const list = process.argv[2];
if (!list) throw new Error('usage: node bench/parse-floor-child.mjs LIST');
const paths = readFileSync(list, 'utf8').split('\n').filter(Boolean);
const t = performance.now();
const napi = astGrep();
napi.registerDynamicLanguage(dynamicGrammars());
let parsed = 0;
let parsedOrFailed = 0;
await new Promise((resolve, reject) => {
  let expected = -1;
  napi.parseFiles(paths, (err) => {
    if (!err) parsed++;
    if (++parsedOrFailed === expected) resolve();
  }).then((n) => { expected = n; if (parsedOrFailed >= n) resolve(); }, reject);
});
process.stdout.write(`${JSON.stringify({ files: paths.length, parsed, ms: performance.now() - t })}\n`);
