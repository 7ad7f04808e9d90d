import { defineConfig } from 'vitest/config';

/**
 * The agent behaviour suite and the shared scenarios again, with every outside part in production
 * mode against local fakes (test/support/production_fakes.ts).
 */
export default defineConfig({
  test: {
    include: ['test/agent/**/*.test.ts', 'test/integration/scenarios.test.ts'],
    globalSetup: ['test/support/fakes_global_setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest-fakes.json' },
  },
});
