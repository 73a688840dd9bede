/**
 * Errors a user can cause (a bad option, an unknown version, an invalid pack).
 * The CLI prints `message` on one line and exits with code 2; never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The message of any thrown value, for one-line error reports. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
