import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childProcesses } from '@framecast/rtmp/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, freePort, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';
import { signUp } from './platform.api.js';

// A creator goes live with FFmpeg over RTMP and watches the preview in the studio; a viewer finds the stream from the
// channel page, watches it at a low latency, seeks back into the DVR window and returns to live, watches it over
// low-latency DASH a while, and sees the stream end when the publisher stops, while the studio sums the stream up and
// links to its replay.
const shots = join(repoRoot, 'test-results/e2e');
const handle = 'night_owl';
const password = 'streams after midnight';
let dataDir: string;
let app: FramecastProcess;
let browser: Browser;
let publisher: ChildProcess | null = null;
let publisherLog = '';

/** An 854×480 test pattern with a tone, sent in real time as OBS would, in its own process group (a light ladder: the same machine runs the browser). */
function publish(rtmpUrl: string): ChildProcess {
  const child = spawn(
    process.env.FFMPEG_PATH ?? 'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=854x480:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '60', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-f', 'flv', rtmpUrl],
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (chunk) => (publisherLog += chunk));
  return child;
}

/** Ends the publisher's whole process group and waits for it to go. */
async function stopPublisher(): Promise<void> {
  const child = publisher;
  publisher = null;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

/** Polls until `check` holds, or fails with what `describe` says after `timeout` ms. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeout: number, what: string) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(value)}\n${publisherLog}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The player's position, play state and what the live-edge indicator says. */
const liveState = (page: Page) =>
  page.evaluate(() => {
    const video = document.querySelector('video');
    const edge = document.querySelector('[data-testid=live-edge]');
    const latency = document.querySelector('[data-testid=live-latency]');
    return {
      t: video?.currentTime ?? 0,
      paused: video?.paused ?? true,
      edge: edge?.getAttribute('data-status') ?? null,
      latency: latency ? Number(latency.getAttribute('data-seconds')) : null,
    };
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-live-e2e-'));
  await mkdir(shots, { recursive: true });
  app = await startFramecast('all', { DATA_DIR: dataDir, RTMP_PORT: String(await freePort()) });
  browser = await launchChromium();
});

afterAll(async () => {
  await stopPublisher();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('live streaming in the browser', () => {
  it('previews a stream in the studio; plays it at a low latency, seeks back and returns to live; sums it up when it ends', {
    timeout: 300_000,
  }, async () => {
    const accessToken = await signUp(app.url, { handle, password, email: 'owl@example.com' });
    const auth = { authorization: `Bearer ${accessToken}` };
    const setup = (await (
      await fetch(`${app.url}/api/live/me`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Late-night synth patching', category: 'Music' }),
      })
    ).json()) as { ingest: { rtmpUrl: string }; title: string; category: string };
    expect(setup.title).toBe('Late-night synth patching');

    const failures: string[] = [];
    // The creator, signed in, opens the Go live page, then starts streaming: the page hears it go on air, and the
    // preview waits for the stream's first playlist (no packager yet, then held), then plays it muted, uncounted.
    const studioContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const studio = await studioContext.newPage();
    studio.on('pageerror', (error) => failures.push(`studio: ${error.message}`));
    const studioHeartbeats: string[] = [];
    studio.on('request', (request) => {
      if (request.url().includes('/heartbeat')) studioHeartbeats.push(request.url());
    });
    await studio.goto(`${app.url}/signin`);
    await studio.getByLabel('Email or handle').fill(handle);
    await studio.getByLabel('Password').fill(password);
    await studio.getByRole('button', { name: 'Sign in' }).click();
    await studio.getByRole('button', { name: 'Account menu' }).waitFor({ timeout: 15_000 });
    await studio.goto(`${app.url}/studio/live`);
    await studio.getByTestId('live-status').filter({ hasText: 'Offline' }).waitFor({ timeout: 30_000 });

    publisher = publish(setup.ingest.rtmpUrl);
    const live = await eventually(
      async () =>
        (await (await fetch(`${app.url}/api/channels/${handle}/live`)).json()) as {
          live: boolean;
          session: { id: string; title: string } | null;
        },
      (answer) => answer.live,
      60_000,
      'The channel never went live',
    );
    await studio.getByTestId('live-status').filter({ hasText: 'You are live' }).waitFor({ timeout: 30_000 });
    const preview = studio.getByTestId('live-preview');
    const phases = await eventually(
      async () => [await preview.getAttribute('data-phase', { timeout: 5_000 }).catch(() => null)],
      ([phase]) => phase === 'playing' || phase === 'failed',
      30_000,
      'The studio preview never played',
    );
    expect(phases).toEqual(['playing']);
    const previewTime = () => preview.locator('video').evaluate((video: HTMLVideoElement) => video.currentTime);
    const previewStart = await previewTime();
    await eventually(previewTime, (t) => t > previewStart + 1, 15_000, 'The studio preview did not advance');
    await studio.getByTestId('preview-latency').waitFor();
    expect(await preview.locator('video').evaluate((video: HTMLVideoElement) => video.muted)).toBe(true);
    await studio.getByTestId('stream-health').waitFor({ timeout: 15_000 });
    await studio.screenshot({ path: join(shots, 'go-live-on-air.png') });

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => failures.push(error.message));
    const heartbeats: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith(`/api/live/sessions/${live.session?.id}/heartbeat`))
        heartbeats.push(response.status());
    });

    // Home's "Live now" and the channel page's banner lead to the live page.
    await page.goto(app.url);
    const card = page.getByRole('link', { name: setup.title });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('href')).toBe(`/live/${handle}`);
    await page.goto(`${app.url}/c/${handle}`);
    await page.getByRole('region', { name: 'Live now' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'live-channel-banner.png') });
    await page.getByRole('link', { name: 'Watch live' }).click();
    await page.waitForURL(`${app.url}/live/${handle}`);

    // Headless Chromium does not allow playback with sound before a gesture: the viewer presses Play.
    await page.getByRole('heading', { name: setup.title }).waitFor({ timeout: 30_000 });
    await page.getByTestId('live-badge').waitFor();
    await page.getByText(setup.category, { exact: true }).waitFor();
    const player = page.getByRole('region', { name: `Live player: ${setup.title}` });
    await player.waitFor();
    // Pressed whenever the player shows it paused with its Play button (it may also start on its own meanwhile).
    const play = page.getByRole('button', { name: 'Play' }).first();
    const started = await eventually(
      async () => {
        const state = await liveState(page);
        if (state.paused && (await play.isVisible())) await play.click({ timeout: 2_000 }).catch(() => {});
        return state;
      },
      (s) => !s.paused && s.t > 0,
      30_000,
      'The stream never played',
    );
    // It plays: the position moves on, at the live edge, a fraction of a second to a few seconds behind it.
    await eventually(
      () => liveState(page),
      (s) => s.t > started.t + 2,
      30_000,
      'The stream did not advance',
    );
    const atEdge = await eventually(
      () => liveState(page),
      (s) => s.edge === 'live' && s.latency !== null && s.latency < 3,
      30_000,
      'The player did not settle at the live edge',
    );
    expect(atEdge.latency).toBeGreaterThan(0);
    // And closes in on the stream's PART-HOLD-BACK (0.6 s), a keyframe closer than where it could start: the player
    // plays a little faster while more than two parts are buffered ahead.
    await eventually(
      () => liveState(page),
      (s) => s.edge === 'live' && s.latency !== null && s.latency <= 1,
      20_000,
      'The player did not catch up to the target latency',
    );
    await player.hover();
    await page.screenshot({ path: join(shots, 'live-playing.png') });
    // The page says it is watching.
    await eventually(
      async () => heartbeats,
      (list) => list.includes(204),
      15_000,
      'No heartbeat was accepted',
    );

    // Five seconds back (the Left arrow, as on a video): behind the edge, "Back to live" offered.
    await player.focus();
    await page.keyboard.press('ArrowLeft');
    const behind = await eventually(
      () => liveState(page),
      (s) => s.edge === 'behind' && s.latency !== null && s.latency > 4,
      15_000,
      'Seeking back did not leave the live edge',
    );
    expect(behind.paused).toBe(false);
    const back = page.getByRole('button', { name: 'Back to live' });
    await back.waitFor();
    await page.screenshot({ path: join(shots, 'live-behind.png') });
    // Still behind a few seconds later: a viewer who sought back is not pulled forward.
    await page.waitForTimeout(3_000);
    expect((await liveState(page)).edge).toBe('behind');

    await back.click();
    await eventually(
      () => liveState(page),
      (s) => s.edge === 'live' && s.latency !== null && s.latency < 3 && !s.paused,
      15_000,
      '"Back to live" did not return to the edge',
    );
    await expect(back.count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, 'live-back-to-live.png') });

    // The same stream over low-latency DASH, picked in the quality menu: dash.js plays it (the address keeps the
    // choice) near the edge by its own measure (the indicator shows dash.js's live latency), and never stalls.
    await player.hover();
    await page.getByRole('button', { name: 'Quality' }).click();
    await page.getByRole('menuitemradio', { name: 'DASH' }).click();
    await page.waitForURL(`${app.url}/live/${handle}?format=dash`);
    await page.locator('[data-engine="dash.js"]').waitFor();
    const dashStarted = await eventually(
      () => liveState(page),
      (s) => !s.paused && s.t > 0,
      30_000,
      'DASH did not play',
    );
    await eventually(
      () => liveState(page),
      (s) => s.t > dashStarted.t + 1 && s.edge === 'live' && s.latency !== null && s.latency > 0 && s.latency < 3,
      30_000,
      'DASH did not play near the live edge',
    );
    await page.evaluate(() => {
      const counts = window as unknown as { stalls: number };
      counts.stalls = 0;
      document.querySelector('video')?.addEventListener('waiting', () => counts.stalls++);
    });
    const watched = { at: Date.now(), from: await liveState(page) };
    const latencies: number[] = [];
    while (Date.now() - watched.at < 6_000) {
      const state = await liveState(page);
      expect(state.paused).toBe(false);
      latencies.push(state.latency ?? Number.POSITIVE_INFINITY);
      await page.waitForTimeout(500);
    }
    const played = (await liveState(page)).t - watched.from.t;
    expect(await page.evaluate(() => (window as unknown as { stalls: number }).stalls)).toBe(0);
    expect(played).toBeGreaterThan(((Date.now() - watched.at) / 1000) * 0.9);
    expect(Math.max(...latencies)).toBeLessThan(3);
    await player.hover();
    await page.screenshot({ path: join(shots, 'live-dash.png') });
    // Back to HLS for the rest.
    await page.getByRole('button', { name: 'Quality' }).click();
    await page.getByRole('menuitemradio', { name: 'HLS' }).click();
    await page.waitForURL(`${app.url}/live/${handle}`);
    await page.locator('[data-engine="hls.js"]').waitFor();
    const hlsAgain = await eventually(
      () => liveState(page),
      (s) => !s.paused && s.t > 0,
      30_000,
      'HLS did not play again',
    );
    await eventually(
      () => liveState(page),
      (s) => s.t > hlsAgain.t + 1 && s.edge === 'live' && s.latency !== null && s.latency < 3,
      30_000,
      'HLS did not come back to the live edge',
    );

    // The stream's transcoder dies (as under the OOM killer): another takes over and the viewer carries on.
    const [transcoder] = childProcesses(app.child.pid!, ['pipe:0', '-progress']);
    expect(transcoder).toBeDefined();
    const beforeKill = await liveState(page);
    process.kill(-transcoder!, 'SIGKILL');
    await eventually(
      () => liveState(page),
      (s) => s.t > beforeKill.t + 8 && !s.paused && s.edge === 'live',
      45_000,
      'Playback did not carry on after the transcoder was restarted',
    );
    expect(childProcesses(app.child.pid!, ['pipe:0', '-progress']).filter((pid) => pid !== transcoder)).toHaveLength(1);

    // The publisher stops: the stream ends under the viewer, who is offered the channel.
    await stopPublisher();
    await page.getByText('The stream has ended').waitFor({ timeout: 60_000 });
    const channelLink = page.getByRole('link', { name: 'Go to the channel' });
    expect(await channelLink.getAttribute('href')).toBe(`/c/${handle}`);
    await page.screenshot({ path: join(shots, 'live-ended.png') });

    // Opened afresh, the page says the channel is offline, with the stream it last had.
    await page.reload();
    await page.getByText(`${handle} is offline`).waitFor({ timeout: 30_000 });
    await page.getByText(`Last stream: “${setup.title}”`, { exact: false }).waitFor();
    await page.screenshot({ path: join(shots, 'live-offline.png') });

    // The studio heard the stream end: no preview, a summary of the session, and its replay once remuxed.
    const summary = studio.getByRole('region', { name: 'Stream summary' });
    await summary.waitFor({ timeout: 30_000 });
    await expect(preview.count()).resolves.toBe(0);
    expect(await studio.getByTestId('end-reason').textContent()).toBe('You stopped streaming.');
    expect(await studio.getByTestId('stream-summary').textContent()).toContain('854×480');
    const replay = summary.getByRole('link', { name: 'Watch the replay' });
    await replay.waitFor({ timeout: 90_000 });
    expect(await replay.getAttribute('href')).toMatch(/^\/watch\/[0-9a-f-]{36}$/);
    await studio.screenshot({ path: join(shots, 'go-live.png') });
    await summary.getByRole('button', { name: 'Dismiss the stream summary' }).click();
    await expect(summary.count()).resolves.toBe(0);
    expect(studioHeartbeats).toEqual([]);
    await studioContext.close();

    expect(failures).toEqual([]);
    await context.close();
  });
});
