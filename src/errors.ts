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

/**
 * An error's message without Node's error-code prefix (`ENOENT: no such file or directory, open 'x'`
 * → `no such file or directory, open 'x'`), for one-line reports that name the file themselves.
 */
export function errorText(err: unknown): string {
  return messageOf(err).replace(/^[A-Z]+: /, '');
}
