import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dieWithParent } from './ffmpeg.run.js';

/** The built runner: a worker is a separate Node process, which runs compiled code (`node scripts/build.mjs`). */
const runner = fileURLToPath(new URL('../dist/ffmpeg.run.js', import.meta.url));

/** A worker process running a real ffmpeg through `runFfmpeg` for a minute, as the transcoder does. */
function startWorker(): ChildProcess {
  const code = `
    const { runFfmpeg } = await import(${JSON.stringify(runner)});
    await runFfmpeg(['-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-t', '60', '-f', 'null', '-'],
      { ffmpegPath: 'ffmpeg' });
  `;
  // Its own process group, so the test ends exactly what it started.
  return spawn(process.execPath, ['--input-type=module', '-e', code], { detached: true, stdio: 'ignore' });
}

/** Process ids whose parent is `pid` and whose command is ffmpeg. */
async function ffmpegChildren(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const ids = children.split(/\s+/).filter(Boolean).map(Number);
  const named = await Promise.all(
    ids.map(async (id) => ((await readFile(`/proc/${id}/comm`, 'utf8').catch(() => '')).trim() === 'ffmpeg' ? id : 0)),
  );
  return named.filter((id) => id > 0);
}

/** Alive and not a zombie waiting to be reaped. */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && !/^\d+ \(.*\) Z/.test(stat);
}

async function waitFor<T>(check: () => Promise<T | undefined | false>, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

describe.runIf(process.platform === 'linux')('ffmpeg and its worker', () => {
  it('starts ffmpeg through setpriv, which this machine has', () => {
    expect(dieWithParent()).toEqual(['setpriv', '--pdeathsig', 'KILL', '--']);
  });

  it('dies when its worker is killed with SIGKILL, and ran in its own process group', async () => {
    const worker = startWorker();
    leftovers.push(worker.pid!);
    const [ffmpeg] =
      (await waitFor(async () => {
        const found = await ffmpegChildren(worker.pid!);
        return found.length > 0 ? found : undefined;
      }, 15_000)) ?? [];
    expect(ffmpeg, 'the worker started ffmpeg').toBeGreaterThan(0);
    leftovers.push(ffmpeg!);
    const stat = await readFile(`/proc/${ffmpeg}/stat`, 'utf8');
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    expect(pgrp).toBe(ffmpeg);

    const exited = new Promise((resolve) => worker.once('exit', resolve));
    process.kill(worker.pid!, 'SIGKILL');
    await exited;
    const gone = await waitFor(async () => !(await alive(ffmpeg!)), 5_000);
    expect(gone, 'ffmpeg ended with its worker').toBe(true);
  });
});
