import { defineConfig } from 'vitest/config';

/**
 * The voice tests (test/voice): real speech audio streamed in real time through the real VAD and
 * turn detector. One file at a time, nothing else running, so their timing means something.
 */
export default defineConfig({
  test: {
    include: ['test/voice/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest-voice.json' },
  },
});
