import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FramecastProcess, repoRoot, startFramecast } from '../test/processes.js';
import { launchChromium } from './browser.js';
import { signUp } from './platform.api.js';

// Three people on a channel's live page, each in a browser context of their own: two viewers chat with each other
// (a mention highlighted), the broadcaster deletes a message and it disappears for the others, times a viewer out,
// and turns slow mode on in the studio, which the viewers' panels show at once.
const shots = join(repoRoot, 'test-results/e2e');
const password = 'chatting after midnight';
let dataDir: string;
let app: FramecastProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];
const failures: string[] = [];

async function register(handle: string, displayName: string): Promise<string> {
  const accessToken = await signUp(app.url, { handle, password });
  const named = await fetch(`${app.url}/api/users/me`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName }),
  });
  expect(named.status).toBe(200);
  // A new token: tokens carry the display name the chat shows.
  const login = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle, password, session: 'token' }),
  });
  expect(login.status).toBe(200);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/** A browser context signed in as `handle` (or anonymous), on the channel's live page with the chat ready. */
async function open(handle: string | null, path = '/live/night_owl'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => failures.push(`${handle ?? 'anonymous'}: ${error.message}`));
  if (handle) {
    await page.goto(`${app.url}/signin`);
    await page.getByLabel('Email or handle').fill(handle);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Account menu' }).waitFor({ timeout: 15_000 });
  }
  await page.goto(`${app.url}${path}`);
  await page.locator('[data-testid=chat-panel][data-status=ready]').waitFor({ timeout: 30_000 });
  return page;
}

const chat = (page: Page) => page.getByTestId('chat-panel');
const input = (page: Page) => chat(page).getByRole('textbox', { name: 'Message' });
const message = (page: Page, text: string) => chat(page).getByTestId('chat-message').filter({ hasText: text });

async function say(page: Page, text: string) {
  await input(page).fill(text);
  await input(page).press('Enter');
  await message(page, text).waitFor({ timeout: 10_000 });
}

/** Sends messages over the chat socket as the platform's own clients do, from outside the browser. */
async function sendOverSocket(token: string, texts: string[]) {
  const socket = new WebSocket(`${app.url.replace('http', 'ws')}/api/chat/night_owl/ws`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // The history a socket joins with carries earlier messages' nonces too: these are this call's own.
  const prefix = `bulk-${Date.now().toString(36)}-`;
  const echoed = new Set<string>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; nonce?: string };
    if (frame.type === 'message' && frame.nonce?.startsWith(prefix)) echoed.add(frame.nonce);
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  for (const [i, text] of texts.entries()) {
    socket.send(JSON.stringify({ type: 'send', text, nonce: `${prefix}${i}` }));
    // Under the socket's frame limit.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const deadline = Date.now() + 10_000;
  while (echoed.size < texts.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  socket.close();
  expect(echoed.size).toBe(texts.length);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-chat-e2e-'));
  await mkdir(shots, { recursive: true });
  app = await startFramecast('all', { DATA_DIR: dataDir, AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await browser?.close();
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('chat in the browser', () => {
  it('two viewers chat; the broadcaster deletes a message, times a viewer out and turns slow mode on', {
    timeout: 240_000,
  }, async () => {
    const owlToken = await register('night_owl', 'Night Owl');
    await register('ada', 'Ada');
    await register('bob_builds', 'Bob');

    // Someone signed out reads along and is asked to sign in.
    const anonymous = await open(null);
    await chat(anonymous).getByText('No messages yet — say hi').waitFor();
    await chat(anonymous).getByRole('button', { name: 'Sign in to chat' }).waitFor();

    const ada = await open('ada');
    const bob = await open('bob_builds');
    await say(ada, 'hi @bob_builds, is the stream on tonight?');
    // Bob sees it, named.
    const toBob = message(bob, 'is the stream on tonight?');
    await toBob.waitFor({ timeout: 10_000 });
    expect(await toBob.getAttribute('data-mentions-me')).toBe('true');
    await say(bob, 'later, around ten');
    await message(ada, 'around ten').waitFor({ timeout: 10_000 });
    await message(anonymous, 'around ten').waitFor({ timeout: 10_000 });
    await say(ada, 'great, I will bring the patch notes');
    // Links stay text unless the channel allows them.
    await say(bob, 'mine are at https://example.com/patches');
    await message(ada, 'example.com/patches').waitFor({ timeout: 10_000 });
    expect(await message(ada, 'example.com/patches').getByRole('link').count()).toBe(0);
    expect(await chat(ada).getByTestId('chat-presence').textContent()).toMatch(/people here/);
    await bob.screenshot({ path: join(shots, 'chat-viewer.png') });

    // The broadcaster deletes Bob's message from its menu: it disappears for everyone.
    const owl = await open('night_owl');
    const bobs = message(owl, 'around ten');
    await bobs.hover();
    await bobs.getByRole('button', { name: 'Moderate Bob’s message' }).click();
    await owl.getByRole('menuitem', { name: 'Delete message' }).click();
    await chat(owl).getByText('Bob’s message is deleted.').waitFor({ timeout: 10_000 });
    await message(ada, 'around ten').waitFor({ state: 'detached', timeout: 10_000 });
    await message(ada, 'example.com/patches').waitFor();
    await message(anonymous, 'around ten').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await message(ada, 'is the stream on tonight?').count()).toBe(1);

    // A timeout from the menu: Ada's messages go, and her panel says she is timed out instead of offering the input.
    const adas = message(owl, 'is the stream on tonight?');
    await adas.hover();
    await adas.getByRole('button', { name: 'Moderate Ada’s message' }).click();
    await owl.screenshot({ path: join(shots, 'chat-moderator-menu.png') });
    await owl.getByRole('menuitem', { name: 'Timeout for 10 minutes' }).click();
    await chat(owl).getByText('Ada is timed out for 10 minutes.').waitFor({ timeout: 10_000 });
    await message(bob, 'is the stream on tonight?').waitFor({ state: 'detached', timeout: 10_000 });
    const restricted = chat(ada).getByTestId('chat-restricted');
    await restricted.waitFor({ timeout: 10_000 });
    expect(await restricted.textContent()).toMatch(/You are timed out.*You can chat again in (9|10) min/);
    await ada.screenshot({ path: join(shots, 'chat-timed-out.png') });
    await anonymous.screenshot({ path: join(shots, 'chat-signed-out.png') });

    // Slow mode from the studio: the viewers' panels show it, and Bob waits after sending.
    const studio = await owl.context().newPage();
    await studio.goto(`${app.url}/studio/chat`);
    await studio.getByRole('heading', { name: 'Chat modes' }).waitFor({ timeout: 30_000 });
    await studio.getByRole('switch', { name: 'Slow mode' }).click();
    await studio.getByLabel('Seconds between messages').fill('30');
    await studio.getByRole('button', { name: 'Save modes' }).click();
    await studio.getByText('Saved.').waitFor({ timeout: 10_000 });
    await studio.getByRole('list', { name: 'Bans' }).getByText('@ada').first().waitFor({ timeout: 10_000 });
    const log = studio.getByRole('list', { name: 'Moderation log' });
    await log.getByText('timed out @ada').first().waitFor();
    await log.getByText('changed the chat modes: slow mode 30 s').first().waitFor({ timeout: 10_000 });
    await studio.screenshot({ path: join(shots, 'studio-chat.png'), fullPage: true });
    await chat(bob).locator('[data-mode=slow]').waitFor({ timeout: 10_000 });
    await say(bob, 'slow mode, got it');
    await chat(bob).getByTestId('chat-cooldown').waitFor({ timeout: 5_000 });
    expect(await chat(bob).getByTestId('chat-cooldown').textContent()).toMatch(/Slow mode: (2\d|30) s/);

    // Autoscroll: Bob scrolls up, new messages wait below a button, which brings him back to the newest.
    await sendOverSocket(
      owlToken,
      Array.from({ length: 30 }, (_, i) => `backlog message ${i + 1}`),
    );
    await message(bob, 'backlog message 30').waitFor({ timeout: 10_000 });
    const scroller = chat(bob).getByTestId('chat-scroller');
    const atBottom = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight <= 32);
    expect(await atBottom()).toBe(true);
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await sendOverSocket(owlToken, ['a message while Bob reads back']);
    await message(bob, 'while Bob reads back').waitFor({ timeout: 10_000 });
    const below = chat(bob).getByRole('button', { name: 'More messages below' });
    await below.waitFor({ timeout: 5_000 });
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
    await bob.screenshot({ path: join(shots, 'chat-paused.png') });
    await below.click();
    await below.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await atBottom()).toBe(true);

    expect(failures).toEqual([]);
  });
});
