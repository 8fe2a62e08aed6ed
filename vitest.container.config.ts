import { defineConfig } from 'vitest/config';

/** `npm run test:container`: the runner image and the docker sandbox against a real Docker engine (../shared/tools/container-engine.sh). */
export default defineConfig({
  test: {
    include: ['tests/container/**/*.container.ts'],
    setupFiles: ['tests/support/sandbox-paths.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
