import { defineConfig } from 'vitest/config';

// One test run for the whole repository. Integration tests boot real processes
// (SQLite, Chromium, the Victoria stores), so they get generous timeouts and at
// most two workers: these machines have two cores.
export default defineConfig({
  test: {
    include: ['*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/test/fixtures/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    setupFiles: ['harness/test/support/clean-env.ts'],
  },
});
