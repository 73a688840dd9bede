import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['bench/**/*.bench.ts'], testTimeout: 120_000, hookTimeout: 60_000, reporters: ['default'] },
});
