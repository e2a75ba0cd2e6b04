import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests (the `@framecast/source` export condition).
// graphql ships ESM (`module`) and CommonJS (`main`) builds: Node loads the CommonJS one for everybody, Vite would
// give our sources the ESM one beside mercurius's CommonJS one, and graphql refuses types of another instance.
const resolve = {
  conditions: ['@framecast/source'],
  alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
};
const ssr = { resolve: { conditions: ['@framecast/source'], externalConditions: ['@framecast/source'] } };

export default defineConfig({
  test: {
    // Two files at a time even on two cores: most tests wait on processes, sockets and the embedded database, and the
    // unit suite takes two thirds of the time it takes one at a time. Integration and e2e files still run one by one.
    maxWorkers: 2,
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: [
            '{packages,services,microfrontends}/*/src/**/*.test.ts',
            '{packages,microfrontends}/*/src/**/*.test.tsx',
            'test/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
          // Files share their worker's module cache: re-importing the sources for each of 230 files cost a quarter of
          // the suite's time. Modules keep no state of their own (dependencies are passed in), so nothing leaks across.
          isolate: false,
          // Embedded PostgreSQL takes seconds to start on a busy 2-core machine.
          hookTimeout: 60_000,
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: ['{packages,services}/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
