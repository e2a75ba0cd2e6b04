import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';
import { signUp, uploadVideo } from './platform.api.js';

// A creator uploads a clip in the studio, waits for it to be ready, and a viewer plays it and switches quality.
// Then a viewer watches a video whose higher qualities are still processing, and gets them without a stop.
const run = promisify(execFile);
const shots = join(repoRoot, 'test-results/e2e');
let dataDir: string;
let clip: string;
let longClip: string;
/** While `<gate>/open` is missing, the platform's ffmpeg holds every second run (the upper rungs) back. */
let gate: string;
let app: FramecastProcess;
let browser: Browser;

/** A test pattern with a tone, `size` and `seconds` long, in the data directory. */
async function testClip(name: string, size: string, seconds: number): Promise<string> {
  const path = join(dataDir, name);
  await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds)],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path],
  ]);
  return path;
}

/** Where the page's video is: position, picture height, paused, ready state. */
const playerState = (page: Page) =>
  page.evaluate(() => {
    const video = document.querySelector('video')!;
    return { t: video.currentTime, h: video.videoHeight, paused: video.paused, ready: video.readyState };
  });

/** Picks 240p in the open quality menu and waits for the picture to be 240 lines high; returns the position then. */
async function switchTo240p(page: Page): Promise<number> {
  await page.getByRole('menuitemradio', { name: '240p' }).click();
  await expect(page.getByTestId('quality-current').textContent()).resolves.toBe('240p');
  await page
    // 428×240 with a sample aspect ratio a hair off square: the browser may say 241.
    .waitForFunction(() => Math.abs((document.querySelector('video')?.videoHeight ?? 0) - 240) <= 1, null, {
      timeout: 90_000,
    })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: join(shots, 'watch-switch-failed.png') });
      throw new Error(`The player did not switch to 240p: ${JSON.stringify(await playerState(page))}`, {
        cause: error,
      });
    });
  return page.evaluate(() => document.querySelector('video')!.currentTime);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-vod-e2e-'));
  // 8 s of 1280×720: the ladder gets 720p, 480p, 360p and 240p.
  clip = await testClip('clip.mp4', '1280x720', 8);
  // 2 minutes of 854×480 (long enough to still play when the rest lands): the ladder gets 480p (second run) over
  // 360p and 240p (first run).
  longClip = await testClip('long.mp4', '854x480', 120);
  gate = join(dataDir, 'gate');
  await run('mkdir', ['-p', gate]);
  await writeFile(join(gate, 'open'), '');
  const real = (await run('sh', ['-c', `command -v ${process.env.FFMPEG_PATH ?? 'ffmpeg'}`])).stdout.trim();
  const held = join(dataDir, 'held-ffmpeg');
  await writeFile(
    held,
    // Held at most 10 minutes, so a failed test never leaves it waiting.
    `#!/bin/sh\ncase "$*" in *run2/manifest.mpd*) n=0; while [ ! -e '${gate}/open' ] && [ $n -lt 6000 ]; do sleep 0.1; n=$((n+1)); done ;; esac\nexec '${real}' "$@"\n`,
  );
  await chmod(held, 0o755);
  app = await startFramecast('all', { DATA_DIR: dataDir, FFMPEG_PATH: held });
  browser = await launchChromium();
});

afterAll(async () => {
  if (gate) await writeFile(join(gate, 'open'), '').catch(() => {});
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('video on demand in the browser', () => {
  it('uploads in the studio, processes, plays, and switches quality', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));

    const registered = await page.request.post(`${app.url}/api/auth/register`, {
      data: { email: 'studio@example.com', handle: 'studio_one', password: 'correct horse battery staple' },
    });
    expect(registered.status()).toBe(201);

    await page.goto(`${app.url}/studio`);
    await page.getByRole('heading', { name: 'Studio' }).waitFor({ timeout: 30_000 });
    await page.locator('input[type=file]').setInputFiles(clip);
    await page.getByText('Ready to watch.').waitFor({ timeout: 180_000 });
    await page.screenshot({ path: join(shots, 'studio-ready.png') });

    await page.getByRole('link', { name: 'Watch it' }).click();
    await page.getByRole('button', { name: 'Play' }).first().click();
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1.5, null, {
      timeout: 30_000,
    });

    await page.getByRole('button', { name: 'Quality' }).click();
    const options = await page.getByRole('menuitemradio').allTextContents();
    await page.screenshot({ path: join(shots, 'watch-quality-menu.png') });
    expect(options).toEqual(expect.arrayContaining(['Auto', '720p', '480p', '360p', '240p']));
    const before = await switchTo240p(page);
    await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t + 0.5, before, {
      timeout: 15_000,
    });
    await page.screenshot({ path: join(shots, 'watch-240p.png') });

    expect(failures).toEqual([]);
    await context.close();
  });

  it('plays the first renditions while the rest processes, then offers the new quality without stopping', {
    timeout: 600_000,
  }, async () => {
    await rm(join(gate, 'open'));
    const accessToken = await signUp(app.url, {
      handle: 'early_bird',
      password: 'correct horse battery staple',
      email: 'early@example.com',
    });
    const id = await uploadVideo(app.url, accessToken, { file: longClip, title: 'Still processing' });
    // The first run lands: the video plays while it is still processing.
    for (let i = 0; ; i++) {
      const video = (await (await fetch(`${app.url}/api/videos/${id}`)).json()) as {
        status: string;
        playback?: unknown;
      };
      if (video.playback) {
        expect(video.status).toBe('processing');
        break;
      }
      if (i > 2000) throw new Error(`The first renditions never played: ${JSON.stringify(video)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${app.url}/watch/${id}`);
    await page.getByText(/Higher qualities are still processing/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Play' }).first().click();
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, {
      timeout: 30_000,
    });
    await page.getByRole('button', { name: 'Quality' }).click();
    expect(await page.getByRole('menuitemradio').allTextContents()).toEqual(['Auto', '360p', '240p', 'HLS', 'DASH']);
    // The viewer's choice, which must survive the reload.
    const before = await switchTo240p(page);

    // The second run goes ahead; the page learns of the new rendition and the player reloads in place.
    await writeFile(join(gate, 'open'), '');
    await page.getByText(/Higher qualities are still processing/).waitFor({ state: 'detached', timeout: 180_000 });
    await page.getByRole('button', { name: 'Quality' }).click();
    await page.getByRole('menuitemradio', { name: '480p' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('menuitemradio').allTextContents()).toEqual([
      'Auto',
      '480p',
      '360p',
      '240p',
      'HLS',
      'DASH',
    ]);
    expect(await page.getByRole('menuitemradio', { name: '240p' }).getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Escape');
    // Still playing, from where it was, at the chosen quality.
    const after = await page.evaluate(() => document.querySelector('video')!.currentTime);
    expect(after).toBeGreaterThanOrEqual(before);
    await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t + 1, after, { timeout: 30_000 });
    const now = await playerState(page);
    expect(now.paused).toBe(false);
    expect(Math.abs(now.h - 240)).toBeLessThanOrEqual(1);
    await expect(page.getByTestId('quality-current').textContent()).resolves.toBe('240p');
    await page.screenshot({ path: join(shots, 'watch-new-quality.png') });
    expect(failures).toEqual([]);
    await context.close();
  });
});
