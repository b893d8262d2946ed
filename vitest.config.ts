import { defineConfig } from 'vitest/config';
import { runnerAliases } from './scripts/runner-source.mjs';

export default defineConfig({
  test: {
    projects: [
      {
        // The bridge's own tests. The runner package is imported by name and resolved to its sources.
        resolve: { alias: runnerAliases() },
        test: {
          name: 'bridge',
          environment: 'happy-dom',
          // e2e/ holds Playwright specs; vitest must not pick them up.
          include: ['test/**/*.test.ts'],
        },
      },
      // Each workspace package brings its own vitest.config.ts.
      'packages/*',
    ],
  },
});
