import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'agency/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['./src/test-setup.ts'],
    // A throwaway PostgreSQL for the receiver's tests on both engines.
    globalSetup: ['./server/testing/postgresGlobalSetup.ts'],
    testTimeout: 20_000,
  },
});
