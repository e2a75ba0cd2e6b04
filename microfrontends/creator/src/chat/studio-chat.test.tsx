// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import type { ServerResponse } from 'node:http';
import { createClient, type FramecastClient } from '@framecast/client';
import { type Recorded, recordingServer } from '@framecast/client/testing';
import { SIGNED_IN } from '@framecast/client/testing/session';
import type { AuthResult, ChatLogEntry } from '@framecast/contracts';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import StudioChatPage from '../pages/chat.page.js';

/* The studio's chat page against a real HTTP server on 127.0.0.1 that answers as the chat API would. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const session: AuthResult = {
  ...SIGNED_IN,
  user: { ...SIGNED_IN.user, email: 'owl@example.com', handle: 'night_owl', displayName: 'Night Owl' },
};
const settings = {
  slowModeSeconds: 0,
  followersOnlyMinutes: null,
  emoteOnly: false,
  uniqueChat: false,
  delaySeconds: 0,
  linksAllowed: false,
};
const logEntry = (n: number): ChatLogEntry => ({
  id: `l${n}`,
  at: '2026-06-10T12:00:00.000Z',
  action: 'message_deleted',
  moderator: 'night_owl',
  target: `user${n}`,
  details: { text: `message ${n}` },
});
const LOG = Array.from({ length: 30 }, (_, i) => logEntry(i + 1));

type Handler = (req: Recorded, res: ServerResponse) => boolean | undefined;
const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
};

/** Answers as the user and chat modules would; `extra` answers first when it takes the request. */
function serve(extra: Handler = () => false) {
  api.answer = (req, res) => {
    if (extra(req, res)) return;
    const url = new URL(req.url, api.url);
    if (url.pathname === '/api/auth/refresh') return json(res, 200, session);
    if (url.pathname === '/api/chat/night_owl') {
      return json(res, 200, { handle: 'night_owl', settings, role: 'broadcaster', canModerate: true, ban: null });
    }
    if (url.pathname === '/api/chat/night_owl/settings') {
      return json(res, 200, { ...settings, ...JSON.parse(req.body.toString()) });
    }
    if (url.pathname === '/api/chat/night_owl/log') {
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit'));
      const next = from + limit < LOG.length ? String(from + limit) : null;
      return json(res, 200, { items: LOG.slice(from, from + limit), nextCursor: next });
    }
    if (req.method === 'GET') return json(res, 200, { items: [] });
    if (req.method === 'POST') return json(res, 201, { id: 't1', term: 'x', createdAt: '2026-06-10T12:00:00.000Z' });
    res.writeHead(204).end();
  };
}

async function renderPage() {
  const client = createClient({ baseUrl: api.url });
  clients.push(client);
  await client.auth.restore();
  render(
    <QueryClientProvider client={createQueryClient()}>
      <StudioChatPage client={client} queryClient={createQueryClient()} navigate={() => {}} params={{}} search="" />
    </QueryClientProvider>,
  );
  await screen.findByRole('heading', { name: 'Chat modes' }, { timeout: 10_000 });
}

const calls = (method: string, path: string) =>
  api.requests.filter((req) => req.method === method && req.url.startsWith(path));
const section = (name: string) => screen.getByRole('heading', { name }).closest('div.rounded-card') as HTMLElement;

describe('the studio’s chat page', () => {
  it('saves only the modes that changed, after holding slow mode to 3–120 seconds', async () => {
    serve();
    await renderPage();
    fireEvent.click(screen.getByRole('switch', { name: 'Slow mode' }));
    const seconds = screen.getByLabelText('Seconds between messages');
    fireEvent.change(seconds, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save modes' }));
    await screen.findByText('Slow mode is 3 to 120 seconds.');
    expect(calls('PATCH', '/api/chat/night_owl/settings')).toHaveLength(0);
    fireEvent.change(seconds, { target: { value: '45' } });
    fireEvent.click(screen.getByRole('switch', { name: 'Allow links' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save modes' }));
    await waitFor(() => expect(calls('PATCH', '/api/chat/night_owl/settings')).toHaveLength(1));
    expect(JSON.parse(calls('PATCH', '/api/chat/night_owl/settings')[0]!.body.toString())).toEqual({
      slowModeSeconds: 45,
      linksAllowed: true,
    });
    await screen.findByText('Saved.');
    expect(screen.getByRole('switch', { name: 'Slow mode' }).getAttribute('aria-checked')).toBe('true');
  });

  it('checks a blocked term as it is typed, and places the server’s refusal by its code', async () => {
    serve((req, res) => {
      if (req.method !== 'POST' || !req.url.endsWith('/blocked-terms')) return false;
      json(res, 409, { status: 409, code: 'blocked_term_exists', detail: 'Term exists.' });
      return true;
    });
    await renderPage();
    const field = screen.getByLabelText('Term to block');
    fireEvent.change(field, { target: { value: 'ba*d' } });
    expect(screen.getByText('"ba*d": a * may only start or end a word.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Block' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field, { target: { value: '  Spoiler*  ' } });
    expect(screen.getByText(/^Blocks “spoiler\*”\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Block' }));
    await screen.findByText('That term is blocked already.');
    expect(JSON.parse(calls('POST', '/api/chat/night_owl/blocked-terms')[0]!.body.toString())).toEqual({
      term: 'spoiler*',
    });
  });

  it('adds a moderator by handle and says when nobody has it', async () => {
    let known = false;
    serve((req, res) => {
      if (req.method === 'PUT' && req.url === '/api/chat/night_owl/moderators/ghost') {
        json(res, 404, { status: 404, code: 'chat_user_not_found', detail: 'No such user.' });
        return true;
      }
      if (req.method === 'PUT' && req.url === '/api/chat/night_owl/moderators/bob') {
        known = true;
        res.writeHead(204).end();
        return true;
      }
      if (req.method === 'GET' && req.url === '/api/chat/night_owl/moderators') {
        json(res, 200, {
          items: known ? [{ user: { handle: 'bob', displayName: 'Bob' }, grantedAt: '2026-06-10T12:00:00.000Z' }] : [],
        });
        return true;
      }
      return false;
    });
    await renderPage();
    const moderators = section('Moderators');
    await within(moderators).findByText('No moderators yet');
    const field = within(moderators).getByLabelText('Moderator’s handle');
    fireEvent.change(field, { target: { value: '@ghost' } });
    fireEvent.click(within(moderators).getByRole('button', { name: 'Add moderator' }));
    await within(moderators).findByText('There is no one with that handle.');
    fireEvent.change(field, { target: { value: '@Bob' } });
    fireEvent.click(within(moderators).getByRole('button', { name: 'Add moderator' }));
    await within(moderators).findByRole('button', { name: 'Remove Bob' });
    expect((field as HTMLInputElement).value).toBe('');
  });

  it('pages through the moderation log', async () => {
    serve();
    await renderPage();
    const log = section('Moderation log');
    await within(log).findByText('night_owl deleted a message from @user25');
    expect(within(log).queryByText('night_owl deleted a message from @user26')).toBeNull();
    expect(within(log).getByText('“message 1”')).toBeTruthy();
    fireEvent.click(within(log).getByRole('button', { name: 'Load more' }));
    await within(log).findByText('night_owl deleted a message from @user30');
    expect(within(log).queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});
