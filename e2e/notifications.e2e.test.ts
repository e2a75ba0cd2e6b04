import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';
import { uploadVideo } from './platform.api.js';

// A viewer follows a channel; the channel's open page hears of the follower, and when the channel publishes a video
// the viewer's open page shows it on the bell without a reload, then marks it read by opening it. The service worker
// is served at the root and shows a web push.
const run = promisify(execFile);
const shots = join(repoRoot, 'test-results/e2e');
const password = 'correct horse battery staple';
let dataDir: string;
let clip: string;
let app: FramecastProcess;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-notify-e2e-'));
  await mkdir(shots, { recursive: true });
  clip = join(dataDir, 'clip.mp4');
  // One second of a small test pattern: the quickest video to become ready.
  await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '1'],
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

/** A signed-in page of a new account (the sign-up sets the refresh cookie), on the home page. */
async function signedInPage(handle: string): Promise<{ context: BrowserContext; page: Page; failures: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  const registered = await page.request.post(`${app.url}/api/auth/register`, {
    data: { email: `${handle}@example.com`, handle, password },
  });
  expect(registered.status()).toBe(201);
  await page.goto(app.url);
  await bell(page).waitFor({ timeout: 30_000 });
  return { context, page, failures };
}

const bell = (page: Page) => page.getByRole('button', { name: /^Notifications/ });
const badge = (page: Page) => page.getByTestId('notification-badge');
/** Marks the document: a reload would lose it. */
const mark = (page: Page) => page.evaluate(() => Object.assign(window, { beforePush: true }));
const marked = (page: Page) => page.evaluate(() => (window as { beforePush?: boolean }).beforePush === true);

describe('notifications in the browser', () => {
  it('shows a new follower and a followed channel’s new video on the bell at once, and marks it read', async () => {
    const channel = await signedInPage('tone_forge');
    const fan = await signedInPage('night_listener');
    await mark(channel.page);

    // The fan follows the channel from its page; the channel's own open page hears of it.
    await fan.page.goto(`${app.url}/c/tone_forge`);
    await fan.page.getByRole('button', { name: 'Follow', exact: true }).click();
    await fan.page.getByRole('button', { name: /Following/ }).waitFor();
    await channel.page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 30_000 });
    expect(await marked(channel.page)).toBe(true);
    await bell(channel.page).click();
    await channel.page.getByRole('menuitem', { name: /@night_listener followed you/ }).waitFor();
    await channel.page.keyboard.press('Escape');

    // The fan waits on the home page; the channel publishes a public video.
    await fan.page.goto(app.url);
    await bell(fan.page).waitFor({ timeout: 30_000 });
    expect(await bell(fan.page).getAttribute('aria-label')).toBe('Notifications');
    expect(await badge(fan.page).count()).toBe(0);
    await mark(fan.page);
    const login = await channel.page.request.post(`${app.url}/api/auth/login`, {
      data: { handle: 'tone_forge', password, session: 'token' },
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const video = { id: await uploadVideo(app.url, accessToken, { file: clip, title: 'Patching a filter sweep' }) };

    // Once it is ready, the fan's page shows it without a reload.
    await fan.page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor({ timeout: 180_000 });
    expect(await badge(fan.page).textContent()).toBe('1');
    expect(await marked(fan.page)).toBe(true);
    await bell(fan.page).click();
    const item = fan.page.getByRole('menuitem', { name: /@tone_forge published Patching a filter sweep/ });
    await item.waitFor();
    expect(await item.getAttribute('href')).toBe(`/watch/${video.id}`);
    expect(await item.textContent()).toContain('Unread');
    await fan.page.screenshot({ path: join(shots, 'notifications-bell.png') });

    // Opening it goes to the video and marks it read, here and on the server.
    await item.click();
    await fan.page.waitForURL(`${app.url}/watch/${video.id}`);
    await fan.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor({ timeout: 15_000 });
    expect(await badge(fan.page).count()).toBe(0);
    const listed = await fan.page.evaluate(async () => {
      const refreshed = await fetch('/api/auth/refresh', { method: 'POST' });
      const { accessToken } = (await refreshed.json()) as { accessToken: string };
      const res = await fetch('/api/notifications', { headers: { authorization: `Bearer ${accessToken}` } });
      return (await res.json()) as { unreadCount: number; items: { kind: string; readAt: string | null }[] };
    });
    expect(listed.unreadCount).toBe(0);
    expect(listed.items.map((i) => [i.kind, i.readAt !== null])).toEqual([['video', true]]);

    expect(channel.failures).toEqual([]);
    expect(fan.failures).toEqual([]);
    await channel.context.close();
    await fan.context.close();
  });

  it('serves the service worker at /sw.js, which shows a web push', async () => {
    const sw = await fetch(`${app.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/^(application|text)\/javascript\b/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(await sw.text()).toContain('showNotification');

    const { context, page, failures } = await signedInPage('push_reader');
    await context.grantPermissions(['notifications'], { origin: app.url });
    await page.goto(`${app.url}/settings/notifications`);
    // Enabling registers the worker over the whole site; a browser with no push service here says it could not
    // subscribe.
    await page.getByRole('button', { name: 'Enable browser notifications' }).click();
    await page.getByText('could not subscribe with its push service').waitFor({ timeout: 30_000 });
    const registration = await page.evaluate(async () => {
      const found = await navigator.serviceWorker.ready;
      const active = found.active!;
      if (active.state !== 'activated') {
        await new Promise((resolve) => active.addEventListener('statechange', resolve));
      }
      return { scope: found.scope, script: active.scriptURL, state: active.state };
    });
    expect(registration).toEqual({ scope: `${app.url}/`, script: `${app.url}/sw.js`, state: 'activated' });

    // A push as the notification module sends it, delivered to the worker through the DevTools protocol.
    const cdp = await context.newCDPSession(page);
    const ids: string[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => {
      for (const r of event.registrations) if (r.scopeURL === `${app.url}/` && !r.isDeleted) ids.push(r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => ids.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const payload = {
      kind: 'live',
      title: 'tone_forge is live',
      body: 'tone_forge is live: Modular Monday',
      url: `${app.url}/live/tone_forge`,
      tag: 'live:c1',
    };
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: app.url,
      registrationId: ids[0]!,
      data: JSON.stringify(payload),
    });
    const shown = () =>
      page.evaluate(async () => {
        const found = await navigator.serviceWorker.getRegistration('/');
        const list = (await found?.getNotifications()) ?? [];
        return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
      });
    await expect
      .poll(shown, { timeout: 10_000 })
      .toEqual([{ title: payload.title, body: payload.body, tag: payload.tag, data: { url: payload.url } }]);
    expect(failures).toEqual([]);
    await context.close();
  });
});
