import { afterEach, describe, expect, it } from 'vitest';
import { isApiError } from './api-error.js';
import { createClient, type FramecastClient } from './client.js';
import { recordingServer } from './testing/recording.server.js';
import { signedInClients } from './testing/signed-in.client.js';

/* The notification calls against a real HTTP server on 127.0.0.1 that records what arrives. */
const api = recordingServer();
const signIn = signedInClients(api);
const clients: FramecastClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

const subscription = {
  endpoint: 'https://push.example/send/abc',
  expirationTime: null,
  keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) },
};

const signedInClient = () =>
  signIn((req, res) => {
    if (req.method === 'DELETE') return res.writeHead(204).end();
    // The module answers a new subscription 201 with a JSON null.
    if (req.url.endsWith('/push/subscriptions')) {
      return res.writeHead(201, { 'content-type': 'application/json' }).end('null');
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ unreadCount: 0 }));
  });

describe('notification calls', () => {
  it('reach the module’s endpoints with the session’s token and the bodies it takes', async () => {
    const client = await signedInClient();
    const n = client.notifications;
    await n.list();
    await n.list({ cursor: 'c2', limit: 10 });
    await n.markRead(['id-1', 'id-2']);
    await n.markAllRead();
    await n.preferences();
    await n.updatePreferences({ types: { live: { email: false } }, channels: [{ channelId: 'c1', level: 'live' }] });
    expect(await n.push.subscribe(subscription)).toBeNull();
    expect(await n.push.unsubscribe(subscription.endpoint)).toBeUndefined();
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/notifications',
      'GET /api/notifications?cursor=c2&limit=10',
      'POST /api/notifications/read',
      'POST /api/notifications/read',
      'GET /api/notifications/preferences',
      'PUT /api/notifications/preferences',
      'POST /api/notifications/push/subscriptions',
      'DELETE /api/notifications/push/subscriptions',
    ]);
    const body = (i: number) => JSON.parse(api.requests[i]!.body.toString());
    expect(body(2)).toEqual({ ids: ['id-1', 'id-2'] });
    expect(body(3)).toEqual({ all: true });
    expect(body(5)).toEqual({ types: { live: { email: false } }, channels: [{ channelId: 'c1', level: 'live' }] });
    expect(body(6)).toEqual(subscription);
    expect(body(7)).toEqual({ endpoint: subscription.endpoint });
    expect(api.requests.every((r) => r.authorization === 'Bearer token-1')).toBe(true);
    expect(api.requests.filter((r) => r.body.length > 0).every((r) => r.contentType === 'application/json')).toBe(true);
  });

  it('asks for the VAPID key without a session', async () => {
    api.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ publicKey: 'BPk' }));
    };
    const client = createClient({ baseUrl: api.url });
    clients.push(client);
    expect(await client.notifications.push.key()).toEqual({ publicKey: 'BPk' });
    expect(api.requests.map((r) => [r.url, r.authorization])).toEqual([['/api/notifications/push/key', undefined]]);
  });

  it('gives the problem’s code and field for the settings page to place', async () => {
    const client = await signedInClient();
    api.answer = (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({ status: 404, code: 'bell_channel_not_found', field: 'channels', detail: 'No channel.' }),
      );
    };
    const error = await client.notifications
      .updatePreferences({ channels: [{ channelId: 'gone', level: 'none' }] })
      .catch((e: unknown) => e);
    expect(isApiError(error) && [error.status, error.code, error.field]).toEqual([
      404,
      'bell_channel_not_found',
      'channels',
    ]);
  });
});
