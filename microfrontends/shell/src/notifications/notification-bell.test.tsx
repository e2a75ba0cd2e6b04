// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import {
  createClient,
  type FramecastClient,
  type NotificationItem,
  type NotificationPage,
  type WebSocketConstructor,
} from '@framecast/client';
import { realtimePeer } from '@framecast/client/testing/realtime';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ClientContext } from '../shell.context.js';
import { NotificationBell } from './notification-bell.js';

/* The bell in happy-dom, over real HTTP and a real socket to a scripted API and real-time hub on 127.0.0.1. */
const peer = realtimePeer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const viewer = '00000000-0000-4000-8000-0000000000aa';
const topic = `user:${viewer}` as const;
let n = 0;
const follow = (handle: string, readAt: string | null = null): NotificationItem => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  kind: 'follow',
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  readAt,
  channel: { id: `c-${handle}`, handle },
  stream: null,
  video: null,
  mention: null,
});
const live = (handle: string, title: string): NotificationItem => ({
  ...follow(handle),
  kind: 'live',
  stream: { sessionId: 's1', title },
});

/** Answers the notifications API from `pages` (by cursor: none, then `p2`, …) and records what it was asked. */
function serve(pages: NotificationPage[], opts: { fail?: () => boolean; held?: Promise<void> } = {}) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  peer.answer = async (req, body, res) => {
    calls.push({ method: req.method ?? '', url: req.url ?? '', body: body ? JSON.parse(body) : null });
    await opts.held;
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (opts.fail?.()) {
      return json(400, { status: 400, code: 'invalid_cursor', detail: 'That cursor is not valid.' });
    }
    const url = new URL(req.url ?? '/', peer.url);
    if (req.method === 'GET' && url.pathname === '/api/notifications') {
      const cursor = url.searchParams.get('cursor');
      return json(200, pages[cursor ? Number(cursor.slice(1)) - 1 : 0]);
    }
    if (req.method === 'POST' && url.pathname === '/api/notifications/read') return json(200, { unreadCount: 0 });
    json(404, { status: 404, code: 'route_not_found' });
  };
  return calls;
}

function Where() {
  const { pathname } = useLocation();
  return <p data-testid="where">{pathname}</p>;
}

function renderBell() {
  const client = createClient({ baseUrl: peer.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
  clients.push(client);
  render(
    <ClientContext.Provider value={client}>
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <NotificationBell viewer={viewer} />
          <Where />
        </MemoryRouter>
      </QueryClientProvider>
    </ClientContext.Provider>,
  );
}

const bell = (name: string | RegExp = /^Notifications/) => screen.findByRole('button', { name }, { timeout: 10_000 });
const badge = () => screen.queryByTestId('notification-badge')?.textContent ?? null;
async function open() {
  fireEvent.keyDown(await bell(), { key: 'Enter' });
  return screen.findByRole('menu');
}
const rows = (menu: HTMLElement) =>
  within(menu)
    .queryAllByTestId('notification')
    .map((row) => row.textContent);

describe('the notification bell', () => {
  it('counts the unread and lists them newest first, each saying what happened and leading to it', async () => {
    const items = [live('alice', 'Speedrun night'), follow('carol'), follow('erin', '2026-06-10T12:00:00.000Z')];
    serve([{ items, unreadCount: 2, nextCursor: null }]);
    renderBell();
    await bell('Notifications, 2 unread');
    expect(badge()).toBe('2');
    const menu = await open();
    expect(rows(menu)).toEqual([
      'Unread: @alice went live: Speedrun night5 minutes ago',
      'Unread: @carol followed you5 minutes ago',
      '@erin followed you5 minutes ago',
    ]);
    const links = within(menu)
      .getAllByRole('menuitem')
      .map((item) => item.getAttribute('href'));
    expect(links).toEqual(['/live/alice', '/c/carol', '/c/erin', null, '/settings/notifications']);
    expect(within(menu).getByText('2 unread')).toBeTruthy();
  });

  it('caps the badge at 99+ and says the whole count', async () => {
    serve([{ items: [follow('a')], unreadCount: 150, nextCursor: null }]);
    renderBell();
    await bell('Notifications, 150 unread');
    expect(badge()).toBe('99+');
  });

  it('says when there is nothing, with no badge and nothing to mark', async () => {
    serve([{ items: [], unreadCount: 0, nextCursor: null }]);
    renderBell();
    const menu = await open();
    await within(menu).findByText('You’re all caught up', {}, { timeout: 10_000 });
    expect(badge()).toBeNull();
    expect(within(menu).getByRole('menuitem', { name: 'Mark all as read' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('shows a loading state, then a failure in words with "Try again", which loads again', async () => {
    let fail = true;
    let answer = () => {};
    const held = new Promise<void>((resolve) => (answer = resolve));
    const calls = serve([{ items: [follow('bob')], unreadCount: 1, nextCursor: null }], { fail: () => fail, held });
    renderBell();
    const menu = await open();
    expect(within(menu).getByRole('status', { name: 'Loading notifications' })).toBeTruthy();
    answer();
    await within(menu).findByText('Your notifications could not be loaded', {}, { timeout: 10_000 });
    expect(within(menu).getByRole('alert').textContent).toContain('That cursor is not valid.');
    fail = false;
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Try again' }));
    await within(menu).findByText('@bob followed you', {}, { timeout: 10_000 });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
  });

  it('shows a pushed notification at once, on top, and counts it, without asking the API again', async () => {
    const calls = serve([{ items: [follow('carol')], unreadCount: 1, nextCursor: null }]);
    renderBell();
    await bell('Notifications, 1 unread');
    await peer.subscribed(topic);
    const menu = await open();
    act(() => peer.publish(topic, { kind: 'notification', notification: live('alice', 'Back on air') }));
    await bell('Notifications, 2 unread');
    expect(badge()).toBe('2');
    expect(rows(menu)[0]).toContain('@alice went live: Back on air');
    // The same one again (a replay) is not counted twice.
    const again = live('zed', 'x');
    act(() => peer.publish(topic, { kind: 'notification', notification: again }));
    act(() => peer.publish(topic, { kind: 'notification', notification: again }));
    await bell('Notifications, 3 unread');
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(1);
  });

  it('marks everything read, and follows reads made on the reader’s other pages', async () => {
    const calls = serve([{ items: [follow('carol'), follow('dan')], unreadCount: 2, nextCursor: null }]);
    renderBell();
    const menu = await open();
    await within(menu).findByText('@carol followed you', {}, { timeout: 10_000 });
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Mark all as read' }));
    await bell('Notifications');
    expect(badge()).toBeNull();
    expect(rows(menu).every((row) => !row?.startsWith('Unread'))).toBe(true);
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ all: true }));

    await peer.subscribed(topic);
    act(() => peer.publish(topic, { kind: 'notification', notification: follow('erin') }));
    await bell('Notifications, 1 unread');
    act(() => peer.publish(topic, { kind: 'notifications-read', unreadCount: 0 }));
    await bell('Notifications');
    expect(rows(menu).every((row) => !row?.startsWith('Unread'))).toBe(true);
  });

  it('marks one read as it is opened, and goes where it leads', async () => {
    const first = follow('carol');
    const calls = serve([{ items: [first, follow('dan')], unreadCount: 2, nextCursor: null }]);
    renderBell();
    const menu = await open();
    fireEvent.click(await within(menu).findByRole('menuitem', { name: /@carol followed you/ }, { timeout: 10_000 }));
    expect(screen.getByTestId('where').textContent).toBe('/c/carol');
    await bell('Notifications, 1 unread');
    expect(screen.queryByRole('menu')).toBeNull();
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ ids: [first.id] }));
  });

  it('opens and follows a notification with the keyboard alone', async () => {
    const calls = serve([{ items: [live('alice', 'Keys only')], unreadCount: 1, nextCursor: null }]);
    renderBell();
    await bell('Notifications, 1 unread');
    const menu = await open();
    const item = within(menu).getByRole('menuitem', { name: /@alice went live: Keys only/ });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(item));
    fireEvent.keyDown(item, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/live/alice'));
    expect(screen.queryByRole('menu')).toBeNull();
    await waitFor(() => expect(calls.map((c) => c.method)).toEqual(['GET', 'POST']));
  });

  it('loads older ones through the cursor', async () => {
    const calls = serve([
      { items: [follow('p1a'), follow('p1b')], unreadCount: 4, nextCursor: 'p2' },
      { items: [follow('p2a'), follow('p2b')], unreadCount: 4, nextCursor: null },
    ]);
    renderBell();
    const menu = await open();
    fireEvent.click(await within(menu).findByRole('menuitem', { name: 'Load more' }, { timeout: 10_000 }));
    await within(menu).findByText('@p2b followed you', {}, { timeout: 10_000 });
    expect(rows(menu)).toHaveLength(4);
    expect(within(menu).queryByRole('menuitem', { name: 'Load more' })).toBeNull();
    expect(calls.map((c) => c.url)).toEqual(['/api/notifications?limit=20', '/api/notifications?limit=20&cursor=p2']);
  });
});
