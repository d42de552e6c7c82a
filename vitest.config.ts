import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Each test file opens its own SQLite file; browser and SMTP tests bind their own ports.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
