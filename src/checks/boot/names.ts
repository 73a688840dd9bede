/**
 * The code-backed checks rules/proof/boot.yaml names. They do not run on documents or snapshots
 * like the engine's checks: addBootProof (./index.ts) runs them on what a real server did.
 */
export const BOOT_CHECKS = ['boot-refused', 'boot-started', 'boot-no-answer', 'boot-prediction-mismatch', 'rdb-check', 'aof-check'] as const;

export type BootCheck = typeof BOOT_CHECKS[number];
