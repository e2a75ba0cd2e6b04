import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthResult } from '@framecast/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type FramecastClient } from './client.js';

/* The video calls against a real HTTP server on 127.0.0.1 that records what arrives. */
interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let baseUrl: string;
let requests: Recorded[] = [];
let answer: (req: Recorded, res: ServerResponse) => void;
const clients: FramecastClient[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      answer(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  requests = [];
});

const signedIn: AuthResult = {
  user: {
    id: 'u1',
    email: 'ada@example.com',
    handle: 'ada',
    displayName: 'Ada',
    bio: '',
    avatarUrl: null,
    roles: ['viewer'],
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  accessToken: 'token-1',
  expiresIn: 900,
};

async function signedInClient() {
  answer = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/api/auth/refresh' ? signedIn : { items: [], nextCursor: null, id: 'v1' }));
  };
  const client = createClient({ baseUrl });
  clients.push(client);
  await client.auth.restore();
  requests = [];
  return client;
}

describe('video calls', () => {
  it('lists, reads, edits, deletes and counts views at the API’s paths', async () => {
    const client = await signedInClient();
    await client.videos.list({ sort: 'new', limit: 12 });
    await client.videos.mine({ limit: 50 });
    await client.videos.get('v 1');
    await client.videos.update('v1', { title: 'New title', tags: ['a'] });
    await client.channels.videos('ada', { cursor: 'c1' });
    answer = (_req, res) => res.writeHead(204).end();
    await client.videos.remove('v1');
    await client.videos.countView('v1');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/videos?sort=new&limit=12',
      'GET /api/videos/mine?limit=50',
      'GET /api/videos/v%201',
      'PATCH /api/videos/v1',
      'GET /api/channels/ada/videos?cursor=c1',
      'DELETE /api/videos/v1',
      'POST /api/videos/v1/views',
    ]);
    expect(JSON.parse(requests[3]!.body)).toEqual({ title: 'New title', tags: ['a'] });
    expect(requests.every((r) => r.authorization === 'Bearer token-1')).toBe(true);
  });

  it('uploads as multipart/form-data with the fields before the file', async () => {
    const client = await signedInClient();
    const file = new Blob(['fake video bytes'], { type: 'video/mp4' });
    await client.videos.upload(file, { title: 'Trip', visibility: 'unlisted' }, 'trip.mp4');
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/videos');
    expect(request?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const body = request!.body;
    expect(body.indexOf('name="title"')).toBeLessThan(body.indexOf('name="file"'));
    expect(body).toContain('filename="trip.mp4"');
    expect(body).toContain('fake video bytes');
    expect(body).toContain('unlisted');
  });

  it('hands out the access token for resumable uploads, and the tus endpoint', async () => {
    const client = await signedInClient();
    expect(await client.auth.accessToken()).toBe('token-1');
    expect(client.uploads.endpoint).toBe(`${baseUrl}/api/uploads`);
  });
});
