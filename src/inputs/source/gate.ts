/**
 * A literal a file must contain to be worth parsing. `quoted`: only an occurrence that starts a
 * quoted string counts, and it must end the string or go on with `/` or `.` — where a JavaScript,
 * TypeScript, Go or Ruby file names a module it imports (`from 'ioredis'`, `require("redis/cluster")`,
 * `"github.com/redis/go-redis/v9"`): the import readers take a module from a string literal's text
 * without its quotes, and a submodule goes on with `/` or `.`.
 */
export interface GateTerm { text: string; quoted: boolean }

const QUOTES = new Set([0x22, 0x27, 0x60]);
const AFTER = new Set([0x22, 0x27, 0x60, 0x2f, 0x2e]);
const QUOTE_CHARS = new Set(['"', "'", '`']);
const AFTER_CHARS = new Set(['"', "'", '`', '/', '.']);
const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s);

interface Term extends GateTerm { index: number; bytes: Buffer | undefined }

function quotedIn(bytes: Buffer, term: Buffer): boolean {
  for (let i = bytes.indexOf(term); i >= 0; i = bytes.indexOf(term, i + 1)) {
    if (QUOTES.has(bytes[i - 1] as number) && AFTER.has(bytes[i + term.length] as number)) return true;
  }
  return false;
}

function quotedInText(text: string, term: string): boolean {
  for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) {
    if (QUOTE_CHARS.has(text.charAt(i - 1)) && AFTER_CHARS.has(text.charAt(i + term.length))) return true;
  }
  return false;
}

/**
 * Tells which of a set of terms a file's bytes contain, before the file is decoded. ASCII terms are
 * searched in the bytes (UTF-8 keeps every ASCII byte as it is and makes no ASCII character out of
 * other bytes, so the decoded text contains such a term exactly where the bytes do), through a few
 * anchors: the terms that contain no other term (`redis` stands for `aioredis`, `ioredis` and
 * `redis.clients.jedis`), so most files are searched once or twice whatever the number of terms.
 * Other terms are searched in the decoded text.
 */
export class BytesGate {
  private readonly anchors: { bytes: Buffer; terms: Term[] }[] = [];
  private readonly other: Term[] = [];

  constructor(terms: readonly GateTerm[]) {
    const all: Term[] = terms.map((t, index) => ({ ...t, index, bytes: isAscii(t.text) && t.text ? Buffer.from(t.text) : undefined }));
    const ascii = all.filter((t) => t.bytes);
    this.other = all.filter((t) => !t.bytes);
    const texts = [...new Set(ascii.map((t) => t.text))];
    const minimal = texts.filter((t) => !texts.some((o) => o !== t && t.includes(o)));
    for (const a of minimal) this.anchors.push({ bytes: Buffer.from(a), terms: ascii.filter((t) => t.text.includes(a)) });
  }

  /** Indexes (in the constructor's list) of the terms found, ascending; `decoded` is called only for non-ASCII terms. */
  found(bytes: Buffer, decoded: () => string): number[] {
    const out = new Set<number>();
    for (const a of this.anchors) {
      if (!bytes.includes(a.bytes)) continue;
      for (const t of a.terms) {
        if (out.has(t.index)) continue;
        const b = t.bytes as Buffer;
        if (t.quoted ? quotedIn(bytes, b) : bytes.includes(b)) out.add(t.index);
      }
    }
    for (const t of this.other) if (t.quoted ? quotedInText(decoded(), t.text) : decoded().includes(t.text)) out.add(t.index);
    return [...out].sort((x, y) => x - y);
  }
}
