import { defineConfig } from 'vitest/config';
import { resolve } from './vitest.config';

// Integration tests: the real actions, queries and triggers against a throwaway PostgreSQL started by globalSetup.
export default defineConfig({
  resolve,
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    // Test-only secrets, long enough for lib/config.ts.
    env: {
      AUTH_SECRET: 'test-auth-secret-0123456789-abcdefghijklmnop',
      DATA_ENCRYPTION_KEY: 'test-data-key-0123456789-abcdefghijklmnopqrst',
      NEXT_TELEMETRY_DISABLED: '1',
      AIR_COUNTER_ENV: 'demo',
    },
    globalSetup: ['tests/integration/global-setup.ts'],
    setupFiles: ['tests/integration/setup.ts'],
    pool: 'forks',
    // One file at a time: tests share one database and some of them (last admin, checksums) look at whole tables.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
