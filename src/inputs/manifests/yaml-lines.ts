import { lazyRequire } from '../../lazy.js';

const yaml = lazyRequire<typeof import('yaml')>('yaml');

/** A YAML document read leniently, with the lines of map keys. */
export interface YamlDocument {
  /** The document as plain data; the `yaml` package recovers from most errors, keeping the rest. */
  value: unknown;
  problems: { line?: number; message: string }[];
  /** 1-based lines of the keys of the map at `path` (`[]` for the top level). */
  keyLines(path: string[]): Map<string, number>;
}

/** Parses YAML 1.2 (https://yaml.org/spec/1.2.2/) with the `yaml` package; never throws. */
export function parseYamlLenient(text: string): YamlDocument {
  const counter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: counter });
  const problems: YamlDocument['problems'] = doc.errors.map((e) => {
    const line = e.linePos?.[0]?.line;
    const message = `YAML syntax error: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
    return line === undefined ? { message } : { line, message };
  });
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    problems.push({ message: `YAML error: ${err instanceof Error ? err.message : String(err)}` });
  }
  return {
    value,
    problems,
    keyLines(path) {
      const out = new Map<string, number>();
      const node = path.length ? doc.getIn(path, true) : doc.contents;
      if (!yaml().isMap(node)) return out;
      for (const pair of node.items) {
        const key = pair.key;
        if (!yaml().isScalar(key) || !key.range) continue;
        out.set(String(key.value), counter.linePos(key.range[0]).line);
      }
      return out;
    },
  };
}
