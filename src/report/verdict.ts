export type Verdict = 'blocked' | 'proceed-with-warnings' | 'clear';

/**
 * Whether the upgrade may go ahead: `blocked` by any error finding, `proceed-with-warnings` when
 * only warnings remain, `clear` otherwise (info findings do not hold anything up).
 */
export function verdictOf(summary: { error: number; warning: number }): Verdict {
  return summary.error > 0 ? 'blocked' : summary.warning > 0 ? 'proceed-with-warnings' : 'clear';
}

export const VERDICT_TEXT: Record<Verdict, string> = {
  blocked: 'Blocked: fix the errors before upgrading',
  'proceed-with-warnings': 'Proceed with warnings: nothing blocks the upgrade, but behaviour changes',
  clear: 'Clear: nothing found that blocks or changes the upgrade',
};
