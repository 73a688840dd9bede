import { LineIndex } from './text.js';

/**
 * JSON as lock files need it: JSON.parse gives neither the line of a key nor anything of a file
 * with one bad comma, so this small RFC 8259 reader records, for every object it builds, the line
 * of each key, and on a syntax error keeps everything read before it.
 */
export interface JsonDocument {
  /** The value read; on a syntax error the containers open at that point hold what came before it. */
  value: unknown;
  error?: { line: number; message: string };
  /** 1-based line of `key` in an object of `value`. */
  keyLine(obj: unknown, key: string): number | undefined;
}

class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses JSON text (https://www.rfc-editor.org/rfc/rfc8259); never throws. */
export function parseJsonWithLines(text: string): JsonDocument {
  const lines = new LineIndex(text);
  const keyLines = new WeakMap<object, Map<string, number>>();
  let i = 0;
  let root: unknown;

  const fail = (message: string): never => { throw new JsonSyntaxError(message, i); };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text.charAt(i) !== '"') i += text.charAt(i) === '\\' ? 2 : 1;
    if (i >= text.length) { i = start; fail('unterminated string'); }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('invalid string (control character or bad escape)');
    }
  };
  // Containers are handed to their parent before they are filled, so that an error inside
  // leaves the part already read attached to the tree.
  const readValue = (put: (v: unknown) => void): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{') {
      const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const keys = new Map<string, number>();
      keyLines.set(obj, keys);
      put(obj);
      i++;
      ws();
      if (text.charAt(i) === '}') { i++; return; }
      for (;;) {
        ws();
        if (text.charAt(i) !== '"') fail('expected a property name in double quotes');
        const at = i;
        const key = readString();
        ws();
        if (text.charAt(i) !== ':') fail("expected ':' after a property name");
        i++;
        keys.set(key, lines.lineOf(at));
        readValue((v) => { obj[key] = v; });
        ws();
        if (text.charAt(i) === ',') { i++; continue; }
        if (text.charAt(i) === '}') { i++; return; }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      put(arr);
      i++;
      ws();
      if (text.charAt(i) === ']') { i++; return; }
      for (;;) {
        const k = arr.length;
        readValue((v) => { arr[k] = v; });
        ws();
        if (text.charAt(i) === ',') { i++; continue; }
        if (text.charAt(i) === ']') { i++; return; }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') { put(readString()); return; }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) { i += word.length; put(v); return; }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) { i += m[0].length; put(Number(m[0])); return; }
    fail(i >= text.length ? 'unexpected end of the file' : `unexpected ${JSON.stringify(c)}`);
  };

  let error: JsonDocument['error'];
  try {
    readValue((v) => { root = v; });
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    error = { line: lines.lineOf(err.offset), message: `JSON syntax error: ${err.message}` };
  }
  return {
    value: root,
    ...(error ? { error } : {}),
    keyLine: (obj, key) => (typeof obj === 'object' && obj !== null ? keyLines.get(obj)?.get(key) : undefined),
  };
}
