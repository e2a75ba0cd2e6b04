import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';

// The all-in-one build, driven as a person would in headless Chromium.
const shots = join(repoRoot, 'test-results/e2e');
let dataDir: string;
let app: FramecastProcess;
let browser: Browser;

/** A 2×2 PNG, made here so the test needs no fixture file. */
// A real image: avatars are decoded and encoded again on upload, so the bytes must be a picture.
const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#3b82f6' } })
  .png()
  .toBuffer();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-e2e-'));
  await mkdir(shots, { recursive: true });
  app = await startFramecast('all', { DATA_DIR: dataDir });
  // Another creator to follow.
  const res = await fetch(`${app.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'pixel@example.com', handle: 'pixelforge', password: 'indie games in public' }),
  });
  expect(res.status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Waits until the element is on screen; fails the test with the locator in the message after `timeout` ms. */
function visible(locator: Locator, timeout = 5_000) {
  return locator.first().waitFor({ state: 'visible', timeout });
}

async function accountMenu(page: Page) {
  return page.getByRole('button', { name: 'Account menu' });
}

describe('a new user on the all-in-one platform', () => {
  it('signs up, edits the profile, stays signed in, follows a channel, signs out and back in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));

    await page.goto(app.url);
    await visible(page.getByRole('heading', { name: 'Channels' }), 30_000);
    await visible(page.getByText('@pixelforge').first());
    await page.screenshot({ path: join(shots, 'home-signed-out.png'), fullPage: true });

    // Sign up.
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Handle').fill('ada_lovelace');
    await page.getByLabel('Password').fill('analytical engines');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await visible(await accountMenu(page), 15_000);

    // Edit the profile, avatar included.
    await page.goto(`${app.url}/settings/profile`);
    await page.getByLabel('Display name').fill('Ada Lovelace');
    await page.getByLabel('Bio').fill('First programmer. Streams about poetical science.');
    await page.getByRole('button', { name: 'Save' }).click();
    await visible(page.getByText('Your profile is saved.'));
    await page.locator('input[type="file"]').setInputFiles({ name: 'ada.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload avatar' }).click();
    await visible(page.getByText('Your new avatar is saved.'));
    await page.screenshot({ path: join(shots, 'profile-saved.png'), fullPage: true });

    // A reload keeps the session (the refresh cookie) and the saved profile.
    await page.reload();
    await expect.poll(() => page.getByLabel('Display name').inputValue(), { timeout: 15_000 }).toBe('Ada Lovelace');
    await visible(await accountMenu(page));
    const me = await page.evaluate(async () => {
      const refreshed = await fetch('/api/auth/refresh', { method: 'POST' });
      return refreshed.ok ? ((await refreshed.json()) as { user: { avatarUrl: string | null } }).user : null;
    });
    expect(me?.avatarUrl).toEqual(expect.any(String));
    const avatar = await page.request.get(new URL(me!.avatarUrl!, app.url).toString());
    expect(avatar.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await avatar.body()).equals(png)).toBe(true);

    // Follow a channel; the count and state survive a reload.
    await page.goto(`${app.url}/c/pixelforge`);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await visible(page.getByRole('button', { name: /Following/ }));
    await page.reload();
    await visible(page.getByRole('button', { name: /Following/ }), 15_000);
    await visible(page.getByText(/1 follower\b/));
    await page.screenshot({ path: join(shots, 'channel-following.png'), fullPage: true });

    // Sign out, then sign in again.
    await (await accountMenu(page)).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await visible(page.getByRole('link', { name: 'Sign in' }).first());
    await page.reload();
    await visible(page.getByRole('link', { name: 'Sign in' }).first(), 15_000);
    expect(await (await accountMenu(page)).count()).toBe(0);

    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.getByLabel('Email or handle').fill('ada_lovelace');
    await page.getByLabel('Password').fill('analytical engines');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(await accountMenu(page), 15_000);
    await page.screenshot({ path: join(shots, 'home-signed-in.png'), fullPage: true });

    expect(failures).toEqual([]);
    await context.close();
  });

  it('shows a clear error for wrong credentials and for a taken handle', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/signin`);
    await page.getByLabel('Email or handle').fill('pixelforge');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').first();
    await visible(alert, 15_000);
    expect(await alert.textContent()).toMatch(/incorrect|wrong|not match/i);

    await page.goto(`${app.url}/signup`);
    await page.getByLabel('Email').fill('someone@example.com');
    await page.getByLabel('Handle').fill('pixelforge');
    await page.getByLabel('Password').fill('a perfectly fine passphrase');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await visible(page.getByText(/handle is taken|already taken|in use/i).first(), 15_000);
    await page.close();
  });
});
