import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and PostgreSQL tests share machine-wide resources; keep files from stampeding them.
    fileParallelism: true,
    maxWorkers: 2,
    // CI also writes a JSON report; .ci/run turns it into the closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
