import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Each test file opens its own SQLite file; browser and SMTP tests bind their own ports.
    pool: 'forks',
    // Generous on purpose: the suite must pass on a busy machine (it is run beside `npm run bench`
    // to prove it), so a test fails for what it checks, never for a slow neighbour. A test that
    // hangs still ends, after three minutes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
