#!/usr/bin/env node
// Builds the backend (TypeScript project references) and the microfrontends (Rsbuild).
// `--if-missing` builds only what has no output yet: what `npm start` runs before starting.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ifMissing = process.argv.includes('--if-missing');

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: "${command} ${args.join(' ')}" failed in ${cwd}`);
    process.exit(result.status ?? 1);
  }
}

if (!ifMissing || !existsSync(join(root, 'packages/cli/dist/main.js'))) {
  console.log('build: compiling the backend');
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json']);
}

const frontends = join(root, 'microfrontends');
for (const name of readdirSync(frontends).sort()) {
  const dir = join(frontends, name);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const built = existsSync(join(dir, 'dist/index.html')) || existsSync(join(dir, 'dist/mf-manifest.json'));
  if (ifMissing && built) continue;
  console.log(`build: bundling microfrontend ${name}`);
  run(process.execPath, [join(root, 'node_modules/@rsbuild/core/bin/rsbuild.js'), 'build'], dir);
}
