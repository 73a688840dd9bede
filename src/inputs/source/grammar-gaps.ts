import type { SourceLanguage } from './languages.js';

/**
 * Valid code that a tree-sitter grammar bundled with ast-grep cannot parse, and which makes it
 * lose the code around it (an ERROR node swallows the rest of a method, whose calls are then not
 * found). Each gap is blanked out, character for character, before parsing: the text keeps its
 * length and its lines, so every position found in it is a position in the file.
 *
 * Java: type annotations on a varargs parameter's ellipsis (JLS §8.4.1, `byte @NonNull [] @NonNull ... args`,
 * as spring-data-redis writes its command interfaces since JSpecify): tree-sitter-java
 * (@ast-grep/lang-java 0.0.7) has no rule for them. Blanking the annotations before `...` leaves an
 * ordinary varargs parameter, which no rule looks at.
 */
const JAVA_VARARGS_ANNOTATIONS = /(?:@[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*(?:\s*\([^()]*\))?\s*)+(?=\.\.\.)/g;

const blank = (s: string) => s.replace(/[^\n\r]/g, ' ');

/** The text to parse for a file: its text with the grammar gaps blanked out (the same text when it has none). */
export function parseableText(language: SourceLanguage, text: string): string {
  if (language !== 'java' || !text.includes('...') || !text.includes('@')) return text;
  return text.replace(JAVA_VARARGS_ANNOTATIONS, blank);
}
