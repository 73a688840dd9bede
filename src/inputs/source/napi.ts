import { createRequire } from 'node:module';
import type * as Napi from '@ast-grep/napi';

const require = createRequire(import.meta.url);
let napi: typeof Napi | undefined;

/**
 * @ast-grep/napi, loaded on first use: its native module and the grammars cost ~50 ms, which a run
 * whose files are all parsed in the scan worker (or none) does not pay in its own thread.
 */
export function astGrep(): typeof Napi {
  napi ??= require('@ast-grep/napi') as typeof Napi;
  return napi;
}

/** The grammars not built into @ast-grep/napi, for registerDynamicLanguage. */
export function dynamicGrammars(): Parameters<typeof Napi.registerDynamicLanguage>[0] {
  const load = (name: string) => require(`@ast-grep/lang-${name}`) as Parameters<typeof Napi.registerDynamicLanguage>[0][string];
  return { python: load('python'), go: load('go'), java: load('java'), ruby: load('ruby'), lua: load('lua') };
}
