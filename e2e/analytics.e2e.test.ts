import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BeaconEvent, ChannelAnalytics, VideoAnalytics } from '@framecast/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';
import { signUp, uploadVideo, videoReady } from './platform.api.js';

// A creator's video is watched by three viewers, whose players send their beacons as players do; once the rollups
// are written, the studio's Analytics page shows the channel's numbers and chart, and the video's own with its
// audience-retention curve and playback quality.
const run = promisify(execFile);
const shots = join(repoRoot, 'test-results/e2e');
const password = 'charts by candlelight';
const CLIP_SECONDS = 30;
let dataDir: string;
let app: FramecastProcess;
let browser: Browser;

async function api<T>(path: string, init: { token?: string; json?: unknown; body?: FormData } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.url}${path}`, {
    method: init.json !== undefined || init.body ? 'POST' : 'GET',
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  return { status: res.status, body: (await res.json()) as T };
}

const register = (handle: string) => signUp(app.url, { handle, password });

/** Polls `check` until it gives a value, or fails after `ms`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Heartbeats over `[from, to)` every 10 s, as a playing player reports them. */
const played = (from: number, to: number): BeaconEvent[] => {
  const out: BeaconEvent[] = [];
  for (let at = from; at < to; at += 10) out.push({ type: 'heartbeat', from: at, to: Math.min(to, at + 10) });
  return out;
};

/** One viewer's playback session of the video, batch by batch, signed in as that viewer. */
async function watch(token: string, videoId: string, batches: BeaconEvent[][]) {
  const session = randomUUID();
  for (const [seq, events] of batches.entries()) {
    const res = await api<{ accepted: number }>('/api/analytics/events', {
      token,
      json: { session, seq, videoId, events },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.accepted).toBe(events.length);
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-analytics-e2e-'));
  await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=426x240:rate=25'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(CLIP_SECONDS)],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', join(dataDir, 'clip.mp4')],
  ]);
  // Counts are written every 100 ms, so the page has them a moment after the beacons.
  app = await startFramecast('all', { DATA_DIR: dataDir, ANALYTICS_FLUSH_MS: '100' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('studio analytics in the browser', () => {
  it('shows a watched video’s views, watch time, retention and playback quality', { timeout: 400_000 }, async () => {
    const creator = await register('owl_cinema');
    const videoId = await uploadVideo(app.url, creator, {
      file: join(dataDir, 'clip.mp4'),
      title: 'Dusk over the marsh',
    });
    await videoReady(app.url, videoId, creator);
    // Analytics learns the video's length from `video.ready`: sessions begun after that draw the retention curve.
    const report = (path: string) => api<VideoAnalytics & ChannelAnalytics>(path, { token: creator });
    await until('analytics to know the video’s length', async () => {
      const res = await report(`/api/analytics/videos/${videoId}`);
      return res.status === 200 && res.body.retention.durationSeconds > 0 ? true : undefined;
    });

    const [ada, bob, cy] = await Promise.all(['ada_views', 'bob_views', 'cy_views'].map(register));
    // Ada watches it all, with a stall; Bob half, in two batches, switching quality once; Cy leaves after 6 s (no
    // view: a view takes 10 s), after an error the player got past.
    await watch(ada!, videoId, [
      [
        { type: 'start', position: 0 },
        { type: 'startup', ms: 400 },
        { type: 'quality', bitrate: 400_000 },
      ],
      [
        ...played(0, 20),
        { type: 'buffering', position: 20, ms: 1500 },
        ...played(20, 30),
        { type: 'end', position: 30 },
      ],
    ]);
    await watch(bob!, videoId, [
      [
        { type: 'start', position: 0 },
        { type: 'startup', ms: 800 },
        { type: 'quality', bitrate: 400_000 },
      ],
      [...played(0, 10), { type: 'quality', bitrate: 250_000, height: 144 }, ...played(10, 15)],
      [{ type: 'pause', position: 15 }],
    ]);
    await watch(cy!, videoId, [
      [
        { type: 'start', position: 0 },
        { type: 'startup', ms: 600 },
        { type: 'error', code: 'network', fatal: false },
      ],
      [...played(0, 6), { type: 'pause', position: 6 }],
    ]);
    const counted = await until('the views to be counted', async () => {
      const res = await report(`/api/analytics/channels/owl_cinema`);
      return res.body.views === 2 && res.body.watchTimeSeconds === 51 ? res.body : undefined;
    });
    expect(counted.uniqueViewers).toBe(2);

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${app.url}/signin`);
    await page.getByLabel('Email or handle').fill('owl_cinema');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Account menu' }).waitFor({ timeout: 15_000 });
    await page.goto(`${app.url}/studio`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor({ timeout: 30_000 });

    const tile = (label: string) => page.locator('dl > div').filter({ has: page.getByText(label, { exact: true }) });
    await tile('Views').waitFor({ timeout: 30_000 });
    await expect(tile('Views').locator('dd').first().textContent()).resolves.toBe('2');
    await expect(tile('Unique viewers').locator('dd').first().textContent()).resolves.toBe('2');
    await expect(tile('Watch time').locator('dd').first().textContent()).resolves.toBe('51 s');
    await expect(tile('Average view duration').locator('dd').first().textContent()).resolves.toBe('0:26');
    const chart = page.getByRole('figure', { name: 'Views and watch time' });
    // uPlot drew it: a canvas the size of the card, and its legend.
    await chart.locator('canvas').waitFor({ timeout: 15_000 });
    expect((await chart.locator('canvas').boundingBox())?.width).toBeGreaterThan(600);
    await expect(chart.locator('.u-legend').textContent()).resolves.toContain('Views');
    // Today's row of its table: the last of 28 days.
    const today = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date());
    const rows = chart.getByRole('table').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(28);
    await expect(rows.last().textContent()).resolves.toBe(`${today}20.85 min`);
    await page.screenshot({ path: join(shots, 'studio-analytics-channel.png'), fullPage: true });

    await page.getByRole('link', { name: 'Dusk over the marsh' }).click();
    await page.getByRole('heading', { name: 'Dusk over the marsh', level: 1 }).waitFor({ timeout: 15_000 });
    const retention = page.getByRole('figure', { name: 'Audience retention' });
    await retention.locator('canvas').waitFor({ timeout: 15_000 });
    const curve = retention.getByRole('table').locator('tbody tr');
    await expect(curve.count()).resolves.toBe(100);
    // All three played the first fifth, two the first half, one the rest.
    await expect(curve.nth(0).textContent()).resolves.toBe('0:00100 %');
    await expect(curve.nth(30).textContent()).resolves.toBe('0:0966.7 %');
    await expect(curve.nth(99).textContent()).resolves.toBe('0:3033.3 %');
    await expect(tile('Startup time').locator('dd').first().textContent()).resolves.toBe('600 ms');
    await expect(tile('Playback errors').locator('dd').first().textContent()).resolves.toBe('1');
    await expect(tile('Quality switches').locator('dd').first().textContent()).resolves.toBe('1');
    await expect(tile('Rebuffering').locator('dd').first().textContent()).resolves.toBe('2.9 %');
    await page.screenshot({ path: join(shots, 'studio-analytics-video.png'), fullPage: true });

    expect(failures).toEqual([]);
    await context.close();
  });
});
