import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

// Unit tests: pure domain rules in lib/, no database.
export default defineConfig({
  resolve: {
    alias: {
      'server-only': path.join(root, 'tests/empty.ts'),
      '@': root,
    },
  },
  test: {
    include: ['lib/**/*.test.ts'],
    environment: 'node',
  },
});
