import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded on its first use rather than at start-up: a run that never reads a pom.xml,
 * a yarn.lock or a live instance does not pay for loading their parsers and client (ioredis,
 * yaml, fast-xml-parser, @yarnpkg/lockfile: about 100 ms together). `require()` because it is
 * synchronous (the parsers are called from synchronous code) and the same under Node's ESM loader,
 * bundlers and test runners. Throws what `require` throws for a package that is not installed.
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
