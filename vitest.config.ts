import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Shared by the unit and integration configs: server-only modules load outside Next.js, `@` is the project root. */
export const resolve = {
  alias: {
    'server-only': path.join(root, 'tests/empty.ts'),
    '@': root,
  },
};

// Unit tests: pure domain rules in lib/, no database.
export default defineConfig({
  resolve,
  test: {
    include: ['lib/**/*.test.ts'],
    environment: 'node',
  },
});
