import { ignoreComment, selects } from '../suppress.js';
import type { Hit } from '../context.js';
import type { SourceCheck } from './context.js';

const MARKER = 'redis-upgrade-lint:';

/**
 * Inline ignore comments that name no rule of the loaded packs (a mistyped id, or a rule a newer or
 * older version of the tool has): such a comment suppresses nothing, so the finding it was written
 * for is reported, or will be once it fires. An id prefix (`py.redis`) names the rules under it.
 */
export const suppressionUnknownRule: SourceCheck = (scoped, ctx) => {
  const ids = ctx.ruleIds;
  const { file } = scoped;
  if (!ids || !file.text.includes(MARKER)) return [];
  const hits: Hit[] = [];
  const lines = file.text.split('\n');
  lines.forEach((text, i) => {
    if (!text.includes(MARKER)) return;
    const comment = ignoreComment(text);
    for (const selector of comment?.ids ?? []) {
      if (ids.some((id) => selects(selector, id))) continue;
      hits.push({ location: { file: file.path, line: i + 1, column: text.indexOf(selector) + 1 }, evidence: file.evidence(i + 1), key: `suppression:${selector}`, vars: { selector } });
    }
  });
  return hits;
};
