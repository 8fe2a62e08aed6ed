import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/build-cli.ts'],
    setupFiles: ['tests/support/sandbox-paths.ts'],
    // Gates spawn real processes (git, npm, node --test); two cores are shared by all of them.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
