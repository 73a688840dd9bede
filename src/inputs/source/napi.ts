import { createRequire } from 'node:module';
import type * as Napi from '@ast-grep/napi';
import { lazyRequire } from '../../lazy.js';

const require = createRequire(import.meta.url);

/**
 * @ast-grep/napi, loaded on first use: its native module and the grammars cost ~50 ms, which a run
 * whose files are all parsed in the scan worker (or none) does not pay in its own thread.
 */
export const astGrep: () => typeof Napi = lazyRequire<typeof Napi>('@ast-grep/napi');

/** The grammars not built into @ast-grep/napi, for registerDynamicLanguage. */
export function dynamicGrammars(): Parameters<typeof Napi.registerDynamicLanguage>[0] {
  const load = (name: string) => require(`@ast-grep/lang-${name}`) as Parameters<typeof Napi.registerDynamicLanguage>[0][string];
  return { python: load('python'), go: load('go'), java: load('java'), ruby: load('ruby'), lua: load('lua') };
}
