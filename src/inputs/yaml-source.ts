import type { Node } from 'yaml';
import { lazyRequire } from '../lazy.js';

const yaml = lazyRequire<typeof import('yaml')>('yaml');

/** A YAML file parsed with the `yaml` package, keeping where each value was written. */
export interface YamlSource {
  /** The document as plain data (null for an empty file). */
  value: unknown;
  /** One line per syntax error: `line N: message` (empty when the file parsed). */
  errors: { line?: number; message: string }[];
  /**
   * The 1-based line of the value at a JSON path (`['output', 'format']`, `['suppressions', '0']`):
   * the line of its key in a map, of the item in a list; the deepest part of the path that exists.
   */
  lineOf(path: string[]): number | undefined;
  /** The text of the scalar at a JSON path as written (`7.10` for a value YAML reads as the number 7.1). */
  scalarText(path: string[]): string | undefined;
}

/** Parses YAML 1.2 (https://yaml.org/spec/1.2.2/); duplicate keys are errors. Never throws. */
export function parseYamlSource(text: string): YamlSource {
  const counter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  const errors: YamlSource['errors'] = doc.errors.map((e) => {
    const line = e.linePos?.[0]?.line;
    // prettyErrors appends " at line N, column M:" and a code excerpt; the line is given separately.
    const message = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return line === undefined ? { message } : { line, message };
  });
  let value: unknown = null;
  if (!errors.length) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      errors.push({ message: err instanceof Error ? err.message : String(err) });
    }
  }
  return {
    value,
    errors,
    lineOf(path) {
      const start = walk(doc.contents, path).start;
      return start === undefined ? undefined : counter.linePos(start).line;
    },
    scalarText(path) {
      const { node, depth } = walk(doc.contents, path);
      return depth === path.length && yaml().isScalar(node) ? node.source : undefined;
    },
  };
}

/** Follows a JSON path as far as it exists: the node reached, how many parts were followed, and where it was written. */
function walk(root: unknown, path: string[]): { node: unknown; depth: number; start?: number } {
  let node = root;
  let start: number | undefined;
  let depth = 0;
  for (const part of path) {
    let next: unknown;
    let at: number | undefined;
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => yaml().isScalar(p.key) && String(p.key.value) === part);
      next = pair?.value;
      at = (pair?.key as Node | undefined)?.range?.[0];
    } else if (yaml().isSeq(node)) {
      next = node.items[Number(part)];
      at = (next as Node | undefined)?.range?.[0];
    }
    if (at === undefined) break;
    start = at;
    node = next;
    depth++;
  }
  return { node, depth, ...(start === undefined ? {} : { start }) };
}
