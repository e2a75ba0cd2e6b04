import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where a sampled function lives: its npm package, a Node internal module, a project file, or a V8 pseudo-frame. */
export function ownerOf(callFrame) {
  const { url, functionName } = callFrame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const project = /\/((?:packages|services)\/[^/]+)\//.exec(url);
  if (project) return project[1];
  if (url.startsWith('wasm://')) return 'wasm (undici HTTP parser)';
  // Native frames (writev, writeUtf8String…) are system calls and C++ work under the JS that called them.
  return url ? url : functionName || '(unknown)';
}

/**
 * Self time of a V8 CPU profile (`node --cpu-prof`) by owner, as shares of the busy (non-idle) time, ignoring the first
 * `skipMs` (start-up) and, when `windows` (`[fromMs, toMs]` pairs since the profile's start) are given, every sample
 * outside them. Returns rows sorted by share, largest first.
 */
export function summarizeProfile(profile, { skipMs = 0, windows } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byOwner = new Map();
  let elapsed = 0;
  let busy = 0;
  for (const [i, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsed += delta;
    if (elapsed < skipMs * 1000) continue;
    if (windows && !windows.some(([from, to]) => elapsed >= from * 1000 && elapsed <= to * 1000)) continue;
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') continue;
    const owner = ownerOf(frame);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + delta);
    busy += delta;
  }
  return [...byOwner]
    .map(([owner, us]) => ({ owner, share: us / busy, ms: us / 1000 }))
    .sort((a, b) => b.share - a.share);
}

/** Reads the one profile `node --cpu-prof --cpu-prof-dir=dir` wrote. */
export async function readProfile(dir) {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`Expected one CPU profile in ${dir}, found ${files.length}.`);
  return JSON.parse(await readFile(join(dir, files[0]), 'utf8'));
}
