import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';

// A creator uploads a clip in the studio, waits for it to be ready, and a viewer plays it and switches quality.
const run = promisify(execFile);
const shots = join(repoRoot, 'test-results/e2e');
let dataDir: string;
let clip: string;
let app: FramecastProcess;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-vod-e2e-'));
  clip = join(dataDir, 'clip.mp4');
  // 8 s of 1280×720 test pattern with a tone: the ladder gets 720p, 480p, 360p and 240p.
  await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '8'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clip],
  ]);
  app = await startFramecast('all', { DATA_DIR: dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
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
    await page.getByRole('menuitemradio', { name: '240p' }).click();
    await page.waitForFunction(() => document.querySelector('video')?.videoHeight === 240, null, { timeout: 30_000 });
    const before = await page.evaluate(() => document.querySelector('video')!.currentTime);
    await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t + 0.5, before, {
      timeout: 15_000,
    });
    await page.screenshot({ path: join(shots, 'watch-240p.png') });

    expect(failures).toEqual([]);
    await context.close();
  });
});
