// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import { createClient, type FramecastClient, type NotificationPreferences } from '@framecast/client';
import { recordingServer } from '@framecast/client/testing';
import { SIGNED_IN } from '@framecast/client/testing/session';
import type { AuthResult } from '@framecast/contracts';
import { createQueryClient } from '@framecast/ui';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import NotificationSettingsPage from './notification-settings.page.js';

/* The settings page against a real HTTP server on 127.0.0.1 answering as the notification module does. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const signedIn: AuthResult = { ...SIGNED_IN, user: { ...SIGNED_IN.user, id: '00000000-0000-4000-8000-0000000000aa' } };

const on = { inApp: true, email: true, push: true };
const preferences = (): NotificationPreferences => ({
  types: { live: { ...on }, video: { ...on }, follow: { inApp: true, email: false, push: false }, mention: { ...on } },
  channels: [
    { channel: { id: 'c-alice', handle: 'alice' }, level: 'all' },
    { channel: { id: 'c-bob', handle: 'bob' }, level: 'live' },
  ],
});

/** Answers as the module would, applying each PUT; `refuse` answers PUTs with a problem instead. */
function serve(opts: { refuse?: boolean; channels?: NotificationPreferences['channels'] } = {}) {
  let saved = { ...preferences(), ...(opts.channels ? { channels: opts.channels } : {}) };
  const puts: unknown[] = [];
  api.answer = (req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/api/auth/refresh') return json(200, signedIn);
    if (req.url !== '/api/notifications/preferences') return json(404, { status: 404, code: 'route_not_found' });
    if (req.method === 'GET') return json(200, saved);
    const update = JSON.parse(req.body.toString());
    puts.push(update);
    if (opts.refuse) {
      return json(404, { status: 404, code: 'bell_channel_not_found', detail: 'No channel has that id.' });
    }
    for (const [kind, patch] of Object.entries(update.types ?? {})) {
      const types = saved.types as Record<string, object>;
      types[kind] = { ...types[kind], ...(patch as object) };
    }
    for (const { channelId, level } of update.channels ?? []) {
      saved = { ...saved, channels: saved.channels.map((c) => (c.channel.id === channelId ? { ...c, level } : c)) };
    }
    json(200, saved);
  };
  return puts;
}

async function renderPage() {
  const client = createClient({ baseUrl: api.url });
  clients.push(client);
  await client.auth.restore();
  const visited: string[] = [];
  render(
    <NotificationSettingsPage
      client={client}
      queryClient={createQueryClient()}
      navigate={(to) => visited.push(to)}
      params={{}}
      search=""
    />,
  );
  await screen.findByRole('table', {}, { timeout: 10_000 });
  return visited;
}

const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

describe('notification settings', () => {
  it('shows each kind’s deliveries, and saves a change at once', async () => {
    const puts = serve();
    await renderPage();
    expect(box('E-mail: live streams').checked).toBe(true);
    expect(box('Browser push: new followers').checked).toBe(false);
    expect(screen.getAllByRole('checkbox')).toHaveLength(12);

    fireEvent.click(box('E-mail: live streams'));
    await waitFor(() => expect(box('E-mail: live streams').checked).toBe(false));
    fireEvent.click(box('Browser push: new followers'));
    await waitFor(() => expect(puts).toHaveLength(2));
    expect(puts).toEqual([{ types: { live: { email: false } } }, { types: { follow: { push: true } } }]);
    await waitFor(() => expect(box('Browser push: new followers').checked).toBe(true));
  });

  it('sets the bell of each followed channel', async () => {
    const puts = serve();
    const visited = await renderPage();
    const bob = screen.getByRole('combobox', { name: 'Notifications from @bob' }) as HTMLSelectElement;
    expect(bob.value).toBe('live');
    expect(
      within(bob)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Live streams and videos', 'Live streams only', 'Nothing']);
    fireEvent.change(bob, { target: { value: 'none' } });
    await waitFor(() => expect(puts).toEqual([{ channels: [{ channelId: 'c-bob', level: 'none' }] }]));
    expect((screen.getByRole('combobox', { name: 'Notifications from @bob' }) as HTMLSelectElement).value).toBe('none');
    fireEvent.click(screen.getByRole('link', { name: '@alice' }));
    expect(visited).toEqual(['/c/alice']);
  });

  it('says when no channel is followed', async () => {
    serve({ channels: [] });
    await renderPage();
    expect(screen.getByText('You don’t follow any channels yet')).toBeTruthy();
  });

  it('puts a refused change back and says why', async () => {
    serve({ refuse: true });
    await renderPage();
    fireEvent.change(screen.getByRole('combobox', { name: 'Notifications from @alice' }), {
      target: { value: 'none' },
    });
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(alert.textContent).toContain('That change was not saved');
    expect(alert.textContent).toContain('No channel has that id.');
    expect((screen.getByRole('combobox', { name: 'Notifications from @alice' }) as HTMLSelectElement).value).toBe(
      'all',
    );
  });

  it('says when this browser cannot take web push', async () => {
    serve();
    await renderPage();
    const push = screen.getByTestId('browser-push');
    await within(push).findByText('This browser cannot show notifications from Framecast', {}, { timeout: 10_000 });
    expect(within(push).queryByRole('button', { name: 'Enable browser notifications' })).toBeNull();
  });
});
