import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';
import { signUp, uploadVideo, videoReady } from './platform.api.js';

// A viewer plays a whole 8 s video (shorter than 10 s: played to its end, it is a view), and the view is counted:
// after a reload the watch page says "1 view", and so do the channel's listing and the creator's studio. Along the
// way, every media request the player makes carries CMCD naming the session its beacons name.
const run = promisify(execFile);
const shots = join(repoRoot, 'test-results/e2e');
let dataDir: string;
let app: FramecastProcess;
let browser: Browser;

/** An 8 s test pattern with a tone. */
async function testClip(path: string): Promise<void> {
  await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '8'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path],
  ]);
}

/** Reloads the page until `text` shows, for as long as a view takes to be counted (the issue says a minute). */
async function reloadUntil(page: Page, url: string, text: RegExp, name: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(url);
    const shown = await page
      .getByText(text)
      .first()
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) return;
    if (Date.now() > deadline) {
      await page.screenshot({ path: join(shots, `${name}-not-counted.png`) });
      throw new Error(`${url} never showed ${text}`);
    }
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-views-e2e-'));
  // Counts are written every second rather than every 5 s (ANALYTICS_FLUSH_MS, docs/operations.md).
  app = await startFramecast('all', { DATA_DIR: dataDir, ANALYTICS_FLUSH_MS: '1000' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('views in the browser', () => {
  it('counts a view of a video played to its end, and every listing shows it', { timeout: 300_000 }, async () => {
    // The creator, through the API: an 8 s public video, ready.
    const accessToken = await signUp(app.url, {
      handle: 'view_maker',
      password: 'correct horse battery staple',
      email: 'views@example.com',
    });
    const clip = join(dataDir, 'clip.mp4');
    await testClip(clip);
    const id = await uploadVideo(app.url, accessToken, { file: clip, title: 'Eight seconds' });
    await videoReady(app.url, id, accessToken);

    // A signed-out viewer plays it to the end.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    const media: string[] = [];
    const beaconSessions = new Set<string>();
    page.on('request', (request) => {
      const url = request.url();
      if (url.includes('/media/videos/')) media.push(url);
      if (url.endsWith('/api/analytics/events') && request.method() === 'POST') {
        beaconSessions.add((JSON.parse(request.postData() ?? '{}') as { session: string }).session);
      }
    });
    await page.goto(`${app.url}/watch/${id}`);
    await page.getByRole('heading', { name: 'Eight seconds' }).waitFor({ timeout: 30_000 });
    await page.getByText('0 views').waitFor();
    await page.getByRole('button', { name: 'Play' }).first().click();
    // To its last frame: hls.js stops there without `ended` when the last audio segment is one AAC frame (as an 8 s
    // clip's is), which the view rule allows for.
    await page
      .waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 7.8, null, { timeout: 60_000 })
      .catch(async (error: unknown) => {
        await page.screenshot({ path: join(shots, 'views-not-played.png') });
        throw error;
      });
    // The page counts the view on the spot, by the same rule; the beacons carry it within their 10 s.
    await page.getByText('1 view', { exact: true }).waitFor({ timeout: 10_000 });
    await expect.poll(() => beaconSessions.size, { timeout: 20_000 }).toBe(1);
    const [session] = [...beaconSessions];

    // Every playlist and segment request carried CMCD, with the beacons' session and the video as its content.
    const segments = media.filter((url) => new URL(url).pathname.endsWith('.m4s'));
    expect(segments.length).toBeGreaterThan(2);
    for (const url of [...segments, ...media.filter((u) => new URL(u).pathname.endsWith('.m3u8'))]) {
      const cmcd = new URL(url).searchParams.get('CMCD');
      expect(cmcd, url).not.toBeNull();
      expect(/(?:^|,)sid="([^"]+)"/.exec(cmcd!)?.[1], url).toBe(session);
      expect(/(?:^|,)cid="([^"]+)"/.exec(cmcd!)?.[1], url).toBe(id);
      expect(cmcd, url).toMatch(/(?:^|,)sf=h(?:,|$)/);
    }
    expect(segments.some((url) => /(?:^|,)ot=v(?:,|$)/.test(new URL(url).searchParams.get('CMCD')!))).toBe(true);
    // …and the server read them.
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/^framecast_cmcd_requests_total\{ot="v",sf="h",st="v"[^}]*\} [1-9]/m);

    // The server counted it: the watch page after a reload, the channel's listing, the studio.
    await reloadUntil(page, `${app.url}/watch/${id}`, /^1 view$/, 'watch');
    await page.screenshot({ path: join(shots, 'views-watch.png') });
    await page.goto(`${app.url}/c/view_maker`);
    const card = page.getByRole('article').filter({ hasText: 'Eight seconds' });
    await card.getByText(/^1 view$/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'views-channel.png') });
    expect(failures).toEqual([]);
    await context.close();

    const studio = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const creator = await studio.newPage();
    const signedIn = await creator.request.post(`${app.url}/api/auth/login`, {
      data: { email: 'views@example.com', password: 'correct horse battery staple' },
    });
    expect(signedIn.status()).toBe(200);
    await creator.goto(`${app.url}/studio`);
    await creator
      .getByRole('listitem')
      .filter({ hasText: 'Eight seconds' })
      .getByText(/^1 view$/)
      .waitFor({
        timeout: 30_000,
      });
    await studio.close();
  });
});
