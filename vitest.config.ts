import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/no-network.ts'],
    // Generous: the end-to-end suites start service processes, which take over 30 s on a busy 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // PGlite instances are heavy (≈100 MB each): two workers fit the 2-core machines.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
