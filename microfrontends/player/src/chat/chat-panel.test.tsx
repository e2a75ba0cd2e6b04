// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChatRoom, createClient, type FramecastClient, type WebSocketConstructor } from '@framecast/client';
import { chatOpening, chatPeer } from '@framecast/client/testing/chat';
import type { AuthResult, ChatServerFrame, ChatUser } from '@framecast/contracts';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ChatPanel } from './chat-panel.js';

/* The chat panel in happy-dom, over real sockets and HTTP to a scripted chat server on 127.0.0.1. */
const peer = chatPeer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const ada: ChatUser = { handle: 'ada', displayName: 'Ada', badges: [] };
const bob: ChatUser = { handle: 'bob', displayName: 'Bob', badges: ['vip'] };
const owl: ChatUser = { handle: 'night_owl', displayName: 'Night Owl', badges: ['broadcaster'] };
let nextId = 1;
const message = (user: ChatUser, text: string, nonce?: string): ChatServerFrame => ({
  type: 'message',
  id: String(nextId++),
  text,
  user,
  sentAt: '2026-06-10T12:00:00.000Z',
  ...(nonce ? { nonce } : {}),
});

const signedIn = (handle: string): AuthResult => ({
  user: {
    id: `u-${handle}`,
    email: `${handle}@example.com`,
    handle,
    displayName: handle,
    bio: '',
    avatarUrl: null,
    roles: ['viewer'],
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  accessToken: `token-${handle}`,
  expiresIn: 900,
});

/** HTTP as the user and chat modules would answer it: a session for `as` (or none), the room, and moderation calls. */
function serve(as: string | null, room: Partial<ChatRoom> = {}) {
  const calls: string[] = [];
  peer.answer = (req: IncomingMessage, _body: string, res: ServerResponse) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/api/auth/refresh') {
      return as ? json(200, signedIn(as)) : json(401, { status: 401, code: 'invalid_refresh_token' });
    }
    calls.push(`${req.method} ${req.url}`);
    if (req.method === 'GET' && req.url === '/api/chat/night_owl') {
      return json(200, {
        handle: 'night_owl',
        settings: chatOpening()[1],
        role: 'viewer',
        canModerate: false,
        ban: null,
        ...room,
      });
    }
    res.writeHead(204).end();
  };
  return calls;
}

async function renderPanel(props: { following?: boolean } = {}) {
  const client = createClient({ baseUrl: peer.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
  clients.push(client);
  await client.auth.restore();
  const navigated: string[] = [];
  render(
    <QueryClientProvider client={createQueryClient()}>
      <ChatPanel
        client={client}
        handle="night_owl"
        navigate={(to) => navigated.push(to)}
        returnTo="/live/night_owl"
        {...props}
      />
    </QueryClientProvider>,
  );
  return { client, navigated };
}

/** Greets every socket with this history and these settings; signed-in sockets are answered as `user`. */
function room(history: ChatServerFrame[], settings = {}, user: ChatUser | null = null, role = 'viewer') {
  peer.onConnection = (socket) => {
    for (const frame of chatOpening(history, settings, 'night_owl')) socket.send(frame);
    void socket.next('auth').then(() => socket.send({ type: 'authenticated', user, role } as ChatServerFrame));
  };
}

const rows = () => screen.queryAllByTestId('chat-message').map((row) => row.textContent);

describe('the chat panel', () => {
  it('shows the history to someone signed out, links as text, and asks them to sign in to chat', async () => {
    serve(null);
    room([message(bob, 'first!'), message(ada, 'see https://example.com/x')], { slowModeSeconds: 30 });
    const { navigated } = await renderPanel();
    expect(screen.getByRole('status', { name: 'Loading the chat' })).toBeTruthy();
    await screen.findByText('first!');
    expect(rows()).toEqual(['Bob: first!', 'Ada: see https://example.com/x']);
    expect(screen.getByRole('img', { name: 'VIP' })).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByRole('list', { name: 'Chat modes' }).textContent).toContain('Slow mode · 30 s');
    await screen.findByText('1 person here');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in to chat' }));
    expect(navigated).toEqual(['/signin?returnTo=%2Flive%2Fnight_owl']);
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('makes links real, safe links when the room allows them', async () => {
    serve(null);
    room([message(ada, 'see https://example.com/x')], { linksAllowed: true });
    await renderPanel();
    const link = await screen.findByRole('link', { name: 'https://example.com/x' });
    expect(link.getAttribute('href')).toBe('https://example.com/x');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('says when there are no messages yet', async () => {
    serve(null);
    room([]);
    await renderPanel();
    await screen.findByText('No messages yet — say hi');
  });

  it('sends as the signed-in user: counter, pending until echoed, highlighted mentions', async () => {
    serve('ada');
    room([message(bob, 'hey @ada, welcome')], {}, ada);
    await renderPanel();
    const input = await screen.findByRole('textbox', { name: 'Message' });
    await waitFor(() => expect((input as HTMLTextAreaElement).disabled).toBe(false));
    const mention = screen.getByTestId('chat-message');
    expect(mention.getAttribute('data-mentions-me')).toBe('true');
    fireEvent.change(input, { target: { value: 'hello there' } });
    expect(screen.getByTestId('chat-counter').textContent).toContain('11/500');
    fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    const socket = peer.sockets[0]!;
    const sent = await socket.next('send');
    expect(sent.text).toBe('hello there');
    expect((input as HTMLTextAreaElement).value).toBe('');
    await screen.findByTestId('chat-pending');
    act(() => socket.send(message(ada, 'hello there', sent.nonce)));
    await waitFor(() => expect(screen.queryByTestId('chat-pending')).toBeNull());
    expect(rows().at(-1)).toBe('Ada: hello there');
  });

  it('stops the send button over the limit and explains refusals in words, with the slow-mode wait', async () => {
    serve('ada');
    room([], { slowModeSeconds: 30 }, ada);
    await renderPanel();
    const input = await screen.findByRole('textbox', { name: 'Message' });
    await waitFor(() => expect((input as HTMLTextAreaElement).disabled).toBe(false));
    fireEvent.change(input, { target: { value: 'x'.repeat(501) } });
    expect(screen.getByTestId('chat-counter').textContent).toContain('501/500');
    expect((screen.getByRole('button', { name: 'Chat' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: 'too soon' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const socket = peer.sockets[0]!;
    const sent = await socket.next('send');
    act(() =>
      socket.send({
        type: 'error',
        code: 'slow_mode',
        message: 'slow',
        nonce: sent.nonce,
        retryAfterMs: 20_000,
      }),
    );
    await screen.findByText(/Not sent\. Slow mode is on\. You can send another message in 2\d s\./);
    expect(screen.getByTestId('chat-cooldown').textContent).toMatch(/Slow mode: (19|20) s/);
  });

  it('says a ban in place of the input', async () => {
    serve('ada', { ban: { until: null, reason: 'spam links' } });
    room([message(bob, 'hi')], {}, ada);
    await renderPanel();
    const restricted = await screen.findByTestId('chat-restricted');
    expect(restricted.textContent).toContain('You are banned from this chat');
    expect(restricted.textContent).toContain('spam links');
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('gives moderators a menu on others’ messages; a deletion disappears when the room says so', async () => {
    const calls = serve('night_owl', { role: 'broadcaster', canModerate: true });
    room([message(bob, 'spoilers ahead'), message(owl, 'welcome all')], {}, owl, 'broadcaster');
    await renderPanel();
    await screen.findByText('spoilers ahead');
    const [bobs, owners] = screen.getAllByTestId('chat-message');
    expect(within(owners!).queryByRole('button')).toBeNull();
    const trigger = await within(bobs!).findByRole('button', { name: 'Moderate Bob’s message' });
    fireEvent.keyDown(trigger, { key: 'Enter' });
    const menu = await screen.findByRole('menu');
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Delete message', 'Timeout for 10 minutes', 'Ban Bob…', 'Make moderator', 'Remove VIP']);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Delete message' }));
    await screen.findByText('Bob’s message is deleted.');
    expect(calls).toContain(`DELETE /api/chat/night_owl/messages/${bobs!.getAttribute('data-id')}`);
    act(() => peer.sockets[0]!.send({ type: 'deleted', id: bobs!.getAttribute('data-id')! }));
    await waitFor(() => expect(screen.queryByText('spoilers ahead')).toBeNull());
  });

  it('says it is reconnecting after a drop, and that a missing room does not exist', async () => {
    serve(null);
    let opened = 0;
    peer.onConnection = (socket) => {
      opened++;
      if (opened === 1) {
        for (const frame of chatOpening([message(bob, 'still here')])) socket.send(frame);
      } else {
        socket.close(4004, 'no such room');
      }
    };
    await renderPanel();
    await screen.findByText('still here');
    act(() => peer.sockets[0]!.terminate());
    await screen.findByText('Reconnecting…');
    expect(screen.getByText('still here')).toBeTruthy();
    await screen.findByText('This chat no longer exists.');
  });
});
