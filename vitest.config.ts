import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The voice tests play real audio in real time; they run on their own afterwards
    // (vitest.voice.config.ts) so a busy machine cannot skew their timing.
    exclude: ['test/voice/**', '**/node_modules/**'],
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
