import { defineConfig } from 'vitest/config';

/** `npm run test:real`: verify on real public repositories, from tests/real/*.bundle (one case at a time). */
export default defineConfig({
  test: {
    include: ['tests/real/**/*.real.ts'],
    globalSetup: ['tests/support/build-cli.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
