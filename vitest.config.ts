import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'happy-dom',
    // e2e/ holds Playwright specs; vitest must not pick them up.
    include: ['test/**/*.test.ts'],
  },
});
