#!/usr/bin/env node
// `npm run dev`: the backend recompiled and restarted on change (http://localhost:8080), and every microfrontend's
// dev server with hot reload (the shell at http://localhost:3000 proxies the API to :8080).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const rsbuild = join(root, 'node_modules/@rsbuild/core/bin/rsbuild.js');

// One full compile first, so the server has something to run.
if (spawnSync(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: root, stdio: 'inherit' }).status !== 0) {
  process.exit(1);
}

const children = [];
function start(name, args, cwd = root, env = process.env) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      for (const line of String(chunk).split('\n')) if (line) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code) => console.log(`[${name}] exited with ${code}`));
  children.push(child);
}

start('tsc', [tsc, '-b', '-w', '--preserveWatchOutput', 'tsconfig.json']);
// The dev servers proxy the API, so the browser's Origin is theirs: the session cookie must work for them.
const devOrigins = [3000, 3001, 3002, 3003, 3004].map((port) => `http://localhost:${port}`).join(',');
start('api', ['--watch', join(root, 'packages/cli/dist/main.js'), 'start'], root, {
  ...process.env,
  CORS_ORIGINS: process.env.CORS_ORIGINS ?? devOrigins,
});
for (const name of readdirSync(join(root, 'microfrontends')).sort()) {
  const dir = join(root, 'microfrontends', name);
  if (existsSync(join(dir, 'rsbuild.config.ts'))) start(name, [rsbuild, 'dev'], dir);
}

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
