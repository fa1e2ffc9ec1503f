import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Two cores on CI: keep the worker count modest so process-spawning tests are not starved.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
