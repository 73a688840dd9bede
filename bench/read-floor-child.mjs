// The read floor of the source-scan benchmark, in its own process like the scanner:
// `node bench/read-floor-child.mjs LIST TERMS` reads every file named in LIST (one path per line,
// the files rg searched: no directory walk, no .gitignore) into one reused buffer and looks for the
// literal TERMS (a JSON array) with Buffer.indexOf, as the scanner's gate does, then prints one JSON
// line with the files read and matched. It parses nothing and builds no finding: no Node scanner
// that reads the files itself can be faster than this on the same tree.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

const [list, termsJson] = process.argv.slice(2);
if (!list || !termsJson) throw new Error('usage: node bench/read-floor-child.mjs LIST TERMS');
const paths = readFileSync(list, 'utf8').split('\n').filter(Boolean);
const terms = JSON.parse(termsJson).map((t) => Buffer.from(t));
let buf = Buffer.allocUnsafe(1 << 20);
let matched = 0;
for (const path of paths) {
  const fd = openSync(path, 'r');
  let n = 0;
  try {
    for (let r; (r = readSync(fd, buf, n, buf.length - n, null)) > 0;) {
      n += r;
      if (n === buf.length) { const bigger = Buffer.allocUnsafe(buf.length * 2); buf.copy(bigger); buf = bigger; }
    }
  } finally {
    closeSync(fd);
  }
  const bytes = buf.subarray(0, n);
  if (terms.some((t) => bytes.includes(t))) matched++;
}
process.stdout.write(`${JSON.stringify({ files: paths.length, matched })}\n`);
