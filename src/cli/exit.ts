/** Exit codes (DESIGN.md): 0 clean below --fail-on, 1 findings at or above it, 2 usage error or nothing checked. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
