import { basename } from 'node:path';
import type { SourceEntry } from '../../inputs/collect.js';
import { readSourceBytes, SourceFile } from '../../inputs/source/file.js';
import { importFamily, localImports, moduleName, moduleStem } from '../../inputs/source/local-imports.js';
import type { SourceLanguage } from '../../inputs/source/languages.js';
import type { FileOutcome, SourceAnalyser } from './analyse.js';
import type { LibraryPlan } from './libraries.js';

/** A file in scope of libraries by its own imports: a local module other files may get their client from. */
export interface Wrapper { path: string; language: SourceLanguage; plans: LibraryPlan[] }

/** A file out of scope after the gate: its entry index, and the local module names its bytes may import (importedNames). */
export interface Outside { entry: number; names: string[] }

/**
 * The files among `outside` that import, by a relative or package path, a local module in
 * `wrappers` of their own language family: each is analysed with the wrappers' plans
 * (SourceAnalyser.analyseVia), one level deep (a module that only imports another wrapper is not
 * followed). JavaScript/TypeScript and Python only. A file is read again and decoded only when its
 * bytes name one of the wrappers. Returns the outcome of each file that is confirmed to import one
 * (or could not be analysed), by entry index.
 */
export function viaLocalModules(entries: readonly SourceEntry[], outside: readonly Outside[], wrappers: readonly Wrapper[], analyser: SourceAnalyser): { entry: number; outcome: FileOutcome }[] {
  const byStem = new Map<string, LibraryPlan[]>();
  const names = new Set<string>();
  for (const w of wrappers) {
    const f = importFamily(w.language);
    if (!f) continue;
    const stem = moduleStem(w.path);
    byStem.set(`${f} ${stem}`, w.plans);
    // Imported by its own name, or as `…/index` (a directory's index file named in full).
    names.add(moduleName(w.path));
    names.add(basename(stem));
  }
  if (!byStem.size) return [];
  // `'..'` and `'.'` name a directory's index, whatever it is called.
  const wanted = (name: string) => names.has(name) || name === '.' || name === '..';
  const out: { entry: number; outcome: FileOutcome }[] = [];
  for (const o of [...outside].sort((a, b) => a.entry - b.entry)) {
    if (!o.names.some(wanted)) continue;
    const entry = entries[o.entry] as SourceEntry;
    const f = importFamily(entry.language) as 'js' | 'python';
    const read = readSourceBytes(entry.path, entry.size);
    if ('skipped' in read) continue;
    const text = read.bytes.toString('utf8');
    const plans = new Set<LibraryPlan>();
    // Module as written → the names a `from` statement must import from it (null: the module itself is the wrapper).
    const modules = new Map<string, Set<string> | null>();
    for (const imp of localImports(entry.path, text, entry.language, wanted)) {
      for (const stem of imp.stems) {
        const w = byStem.get(`${f} ${stem}`);
        if (!w) continue;
        const name = basename(stem);
        const submodule = imp.names?.includes(name) && !imp.module.endsWith(name);
        const had = modules.get(imp.module);
        if (!submodule || had === null) modules.set(imp.module, null);
        else modules.set(imp.module, new Set([...(had ?? []), name]));
        for (const p of w) plans.add(p);
      }
    }
    if (!plans.size) continue;
    const outcome = analyser.analyseVia(new SourceFile(entry.path, entry.language, text), [...plans], modules);
    if (outcome.imported || outcome.error) out.push({ entry: o.entry, outcome });
  }
  return out;
}
