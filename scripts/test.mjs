#!/usr/bin/env node
// `npm test`: lint, typecheck, build, then the unit, integration and end-to-end suites. Stops at the first failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (path) => join(root, 'node_modules', path);
// Browser code has its own TypeScript projects (bundler resolution, JSX), outside the backend's project references.
const frontends = [
  join(root, 'packages/ui'),
  join(root, 'packages/client'),
  ...readdirSync(join(root, 'microfrontends')).map((name) => join(root, 'microfrontends', name)),
].filter((dir) => existsSync(join(dir, 'tsconfig.json')));

const steps = [
  ['lint', [bin('@biomejs/biome/bin/biome'), 'ci', '--colors=off', '.']],
  ['typecheck backend', [bin('typescript/bin/tsc'), '-b', 'tsconfig.json']],
  ...frontends.map((dir) => [`typecheck ${dir.split('/').pop()}`, [bin('typescript/bin/tsc'), '-p', dir]]),
  ['typecheck tests', [bin('typescript/bin/tsc'), '-p', 'tsconfig.tests.json']],
  ['typecheck browser tests', [bin('typescript/bin/tsc'), '-p', 'e2e/tsconfig.json']],
  ['build', [join(root, 'scripts/build.mjs')]],
  ['unit tests', [bin('vitest/vitest.mjs'), 'run', '--project', 'unit']],
  ['benchmark helper tests', ['--test', 'bench/']],
  ['integration tests', [bin('vitest/vitest.mjs'), 'run', '--project', 'integration']],
  ['end-to-end tests', [bin('vitest/vitest.mjs'), 'run', '--project', 'e2e']],
];

const only = process.argv.slice(2);
for (const [name, args] of steps) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n=== ${name} FAILED after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name} passed in ${seconds}s`);
}
