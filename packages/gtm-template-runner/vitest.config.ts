import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'gtm-template-runner',
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
