/**
 * The server's own argument splitting, as `sdssplitargs()` in redis/redis src/sds.c
 * (unchanged from 2.6 to 8.x and in Valkey): blanks separate arguments; "double quotes" take
 * the escapes \n \r \t \b \a \xHH and \<any> for the character itself; 'single quotes' take
 * only \' ; a closing quote must be followed by a blank or the end of the line; a quote may
 * open in the middle of an unquoted argument (`a"b c"` is one argument `ab c`).
 *
 * Returns the arguments, or null for unbalanced quotes, exactly when the server reports
 * "Unbalanced quotes in configuration line".
 */
export function splitArgs(line: string): string[] | null {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string | undefined) => c !== undefined && /^[ \t\n\r\v\f]$/.test(c);
  const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return args;
    let current = '';
    let quote: '"' | "'" | null = null;
    let done = false;
    while (!done) {
      const c = line[i];
      if (quote) {
        if (quote === '"' && c === '\\' && line[i + 1] === 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
          current += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (quote === '"' && c === '\\' && i + 1 < n) {
          i++;
          const e = line[i] as string;
          current += ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[e] ?? e;
        } else if (quote === "'" && c === '\\' && line[i + 1] === "'") {
          i++;
          current += "'";
        } else if (c === quote) {
          // The closing quote must be followed by a blank or the end of the line.
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else if (c === undefined) {
          return null;
        } else {
          current += c;
        }
      } else if (c === undefined || c === ' ' || c === '\n' || c === '\r' || c === '\t') {
        done = true;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else {
        current += c;
      }
      if (i < n) i++;
    }
    args.push(current);
  }
}

/** Quotes an argument for display so that the server would split it back to the same value. */
export function quoteArg(arg: string): string {
  if (arg !== '' && !/[\s"'\\\x00-\x1f\x7f]/.test(arg)) return arg;
  const body = arg.replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${body}"`;
}
