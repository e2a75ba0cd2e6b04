import { describe, expect, it } from 'vitest';
import { recordingServer } from './testing/recording.server.js';
import { signedInClients } from './testing/signed-in.client.js';

/* The video calls against a real HTTP server on 127.0.0.1 that records what arrives. */
const api = recordingServer();
const signIn = signedInClients(api);
const signedInClient = () =>
  signIn((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ items: [], nextCursor: null, id: 'v1' }));
  });

describe('video calls', () => {
  it('lists, reads, edits and deletes at the API’s paths', async () => {
    const client = await signedInClient();
    await client.videos.list({ sort: 'new', limit: 12 });
    await client.videos.mine({ limit: 50 });
    await client.videos.get('v 1');
    await client.videos.update('v1', { title: 'New title', tags: ['a'] });
    await client.channels.videos('ada', { cursor: 'c1' });
    api.answer = (_req, res) => res.writeHead(204).end();
    await client.videos.remove('v1');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/videos?sort=new&limit=12',
      'GET /api/videos/mine?limit=50',
      'GET /api/videos/v%201',
      'PATCH /api/videos/v1',
      'GET /api/channels/ada/videos?cursor=c1',
      'DELETE /api/videos/v1',
    ]);
    expect(JSON.parse(api.requests[3]!.body.toString())).toEqual({ title: 'New title', tags: ['a'] });
    expect(api.requests.every((r) => r.authorization === 'Bearer token-1')).toBe(true);
  });

  it('sends beacons with the token (kept alive when asked) and reads analytics reports', async () => {
    const client = await signedInClient();
    const batch = {
      session: '00000000-0000-4000-8000-000000000001',
      seq: 0,
      videoId: '00000000-0000-4000-8000-000000000002',
      events: [{ type: 'heartbeat' as const, from: 0, to: 10 }],
    };
    api.answer = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicate":false}');
    expect(await client.analytics.send(batch, { keepalive: true })).toEqual({ accepted: 1, duplicate: false });
    await client.analytics.video('v1', { from: '2026-01-01T00:00:00.000Z' });
    await client.analytics.stream('s1');
    await client.analytics.channel('ada');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/analytics/events',
      'GET /api/analytics/videos/v1?from=2026-01-01T00%3A00%3A00.000Z',
      'GET /api/analytics/streams/s1',
      'GET /api/analytics/channels/ada',
    ]);
    expect(JSON.parse(api.requests[0]!.body.toString())).toEqual(batch);
    expect(api.requests.every((r) => r.authorization === 'Bearer token-1')).toBe(true);
  });

  it('uploads as multipart/form-data with the fields before the file', async () => {
    const client = await signedInClient();
    const file = new Blob(['fake video bytes'], { type: 'video/mp4' });
    await client.videos.upload(file, { title: 'Trip', visibility: 'unlisted' }, 'trip.mp4');
    const [request] = api.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/videos');
    expect(request?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const body = request!.body.toString();
    expect(body.indexOf('name="title"')).toBeLessThan(body.indexOf('name="file"'));
    expect(body).toContain('filename="trip.mp4"');
    expect(body).toContain('fake video bytes');
    expect(body).toContain('unlisted');
  });

  it('hands out the access token for resumable uploads, and the tus endpoint', async () => {
    const client = await signedInClient();
    expect(await client.auth.accessToken()).toBe('token-1');
    expect(client.uploads.endpoint).toBe(`${api.url}/api/uploads`);
  });
});
