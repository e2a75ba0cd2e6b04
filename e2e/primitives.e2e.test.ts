import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';

// The menu and dialog primitives, driven from the keyboard and read through the accessibility tree.
const run = promisify(execFile);
const shots = join(repoRoot, 'test-results/e2e');
let dataDir: string;
let clip: string;
let app: FramecastProcess;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-primitives-e2e-'));
  await mkdir(shots, { recursive: true });
  clip = join(dataDir, 'harbour-walk.mp4');
  // One small second of test pattern: enough for a row in the studio with its Edit and Delete buttons.
  await run(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-t', '1'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip],
  ]);
  app = await startFramecast('all', { DATA_DIR: dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);
/** The accessible text of whatever has focus, as a screen reader would start to announce it. */
const focusedText = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? '';
  });
const insideDialog = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));

async function signedInStudio(handle: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  const registered = await page.request.post(`${app.url}/api/auth/register`, {
    data: { email: `${handle}@example.com`, handle, password: 'correct horse battery staple' },
  });
  expect(registered.status()).toBe(201);
  await page.goto(`${app.url}/studio`);
  await page.getByRole('heading', { name: 'Studio', level: 1 }).waitFor({ timeout: 30_000 });
  return { context, page, failures };
}

describe('the account menu', () => {
  it('opens from its button with Enter, Space or ArrowDown, moves with arrows and closes with Escape', async () => {
    const { context, page, failures } = await signedInStudio('menu_keys');
    const button = page.getByRole('button', { name: 'Account menu' });
    const menu = page.getByRole('menu', { name: 'Account menu' });
    await button.waitFor({ timeout: 15_000 });
    expect(await button.getAttribute('aria-haspopup')).toBe('menu');
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    for (const key of ['Enter', 'Space', 'ArrowDown']) {
      await button.focus();
      await page.keyboard.press(key);
      await menu.waitFor({ timeout: 5_000 });
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => focusedText(page)).toBe('Your channel');
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 5_000 });
      // Focus goes back once the menu has closed, a frame later.
      await expect.poll(() => isFocused(button)).toBe(true);
    }

    await button.focus();
    await page.keyboard.press('Enter');
    await menu.waitFor();
    expect(await menu.ariaSnapshot()).toContain('- menuitem "Your channel"');
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'Your channel',
      'Profile settings',
      'Notification settings',
      'Sign out',
    ]);
    // Focus lands on the first item once the menu has opened; each key then moves it.
    await expect.poll(() => focusedText(page)).toBe('Your channel');
    for (const [key, item] of [
      ['ArrowDown', 'Profile settings'],
      ['ArrowDown', 'Notification settings'],
      ['ArrowUp', 'Profile settings'],
      ['End', 'Sign out'],
      ['Home', 'Your channel'],
    ] as const) {
      await page.keyboard.press(key);
      await expect.poll(() => focusedText(page), { message: `after ${key}` }).toBe(item);
    }
    await page.screenshot({ path: join(shots, 'account-menu-open.png') });

    // Choosing from the keyboard acts and closes the menu.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedText(page)).toBe('Profile settings');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/settings\/profile$/, { timeout: 10_000 });
    expect(await menu.count()).toBe(0);

    expect(failures).toEqual([]);
    await context.close();
  });
});

describe('the studio dialogs', () => {
  it('trap focus, name themselves, hide the page behind, close with Escape and give focus back', async () => {
    const { context, page, failures } = await signedInStudio('dialog_keys');
    await page.locator('input[type=file]').setInputFiles(clip);
    const list = page.getByRole('region', { name: 'Your videos' });
    const edit = list.getByRole('button', { name: 'Edit harbour walk' });
    await edit.waitFor({ timeout: 60_000 });

    await edit.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Edit video details' });
    await dialog.waitFor({ timeout: 5_000 });
    expect(await insideDialog(page)).toBe(true);
    const snapshot = await dialog.ariaSnapshot();
    expect(snapshot).toContain('dialog "Edit video details"');
    expect(snapshot).toContain('textbox "Title"');
    expect(snapshot).toContain('combobox "Visibility"');
    // The page behind is out of the accessibility tree while the dialog is open.
    expect(await page.getByRole('heading', { name: 'Studio', level: 1 }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'studio-edit-dialog.png') });

    // Tab and Shift+Tab cycle inside the dialog, however far they go.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      expect(await insideDialog(page)).toBe(true);
    }
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await insideDialog(page)).toBe(true);
    }

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await isFocused(edit)).toBe(true);
    expect(await page.getByRole('heading', { name: 'Studio', level: 1 }).count()).toBe(1);

    // Saving closes the dialog and the list shows the change at once.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Harbour at dusk');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    const renamed = list.getByRole('button', { name: 'Delete Harbour at dusk' });
    await renamed.waitFor({ timeout: 10_000 });

    // The delete confirmation: a named dialog that starts on its first button and gives focus back on Escape.
    await renamed.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Delete this video?' });
    await confirm.waitFor({ timeout: 5_000 });
    expect(await focusedText(page)).toBe('Cancel');
    await page.screenshot({ path: join(shots, 'studio-delete-dialog.png') });
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await isFocused(renamed)).toBe(true);

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('No videos yet').waitFor({ timeout: 10_000 });
    // The row is gone with the video: focus lands on the list's heading rather than nowhere.
    expect(await isFocused(page.getByRole('heading', { name: 'Your videos' }))).toBe(true);

    expect(failures).toEqual([]);
    await context.close();
  });
});
