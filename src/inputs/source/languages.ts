import type { SourceLanguage } from '../../rulepack/types.js';
import { astGrep, dynamicGrammars } from './napi.js';

export type { SourceLanguage };

/** File extensions (lowercase, with the dot) of each language scanned. */
const EXTENSIONS: Record<string, SourceLanguage> = {
  '.py': 'python', '.pyi': 'python',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.tsx': 'tsx',
  '.go': 'go',
  '.java': 'java',
  '.rb': 'ruby', '.rake': 'ruby',
  '.lua': 'lua',
};

/** The language of a file by its extension, or undefined for files that are not scanned. */
export function languageOf(file: string): SourceLanguage | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0 || dot < file.lastIndexOf('/')) return undefined;
  return EXTENSIONS[file.slice(dot).toLowerCase()];
}

/** Does a rule written for `ruleLanguage` run on a file of `fileLanguage`? (javascript covers TS and TSX.) */
export function languageCovers(ruleLanguage: SourceLanguage, fileLanguage: SourceLanguage): boolean {
  return ruleLanguage === fileLanguage || (ruleLanguage === 'javascript' && (fileLanguage === 'typescript' || fileLanguage === 'tsx'));
}

let registered = false;

/**
 * The name ast-grep knows a language by. The grammars that are not built into @ast-grep/napi
 * (Python, Go, Java, Ruby, Lua) are registered from their @ast-grep/lang-* packages on first use.
 */
export function astGrepLanguage(language: SourceLanguage): string {
  const { Lang, registerDynamicLanguage } = astGrep();
  if (!registered) {
    registerDynamicLanguage(dynamicGrammars());
    registered = true;
  }
  switch (language) {
    case 'javascript': return Lang.JavaScript;
    case 'typescript': return Lang.TypeScript;
    case 'tsx': return Lang.Tsx;
    default: return language;
  }
}
