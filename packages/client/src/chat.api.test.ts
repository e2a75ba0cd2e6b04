import { describe, expect, it } from 'vitest';
import { isApiError } from './api-error.js';
import { recordingServer } from './testing/recording.server.js';
import { signedInClients } from './testing/signed-in.client.js';

/* The chat's REST calls against a real HTTP server on 127.0.0.1 that records what arrives. */
const api = recordingServer();
const signIn = signedInClients(api);
const signedInClient = () =>
  signIn((req, res) => {
    if (req.method === 'PUT' || req.method === 'DELETE') return res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [], nextCursor: null }));
  });

describe('chat calls', () => {
  it('reach the room’s moderation endpoints with the session’s token', async () => {
    const client = await signedInClient();
    const chat = client.chat;
    await chat.room('night owl');
    await chat.updateSettings('ada', { slowModeSeconds: 30, linksAllowed: true });
    await chat.deleteMessage('ada', '42');
    await chat.clearMessages('ada', 'bob');
    await chat.clearMessages('ada');
    await chat.moderators.list('ada');
    await chat.moderators.add('ada', 'bob');
    await chat.moderators.remove('ada', 'bob');
    await chat.vips.add('ada', 'cy');
    await chat.vips.remove('ada', 'cy');
    await chat.bans.list('ada');
    await chat.bans.add('ada', 'troll', { durationSeconds: 600 });
    await chat.bans.remove('ada', 'troll');
    await chat.blockedTerms.list('ada');
    await chat.blockedTerms.add('ada', 'spoiler*');
    await chat.blockedTerms.remove('ada', 't1');
    await chat.log('ada', { cursor: 'c2', limit: 25 });
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/chat/night%20owl',
      'PATCH /api/chat/ada/settings',
      'DELETE /api/chat/ada/messages/42',
      'DELETE /api/chat/ada/messages?user=bob',
      'DELETE /api/chat/ada/messages',
      'GET /api/chat/ada/moderators',
      'PUT /api/chat/ada/moderators/bob',
      'DELETE /api/chat/ada/moderators/bob',
      'PUT /api/chat/ada/vips/cy',
      'DELETE /api/chat/ada/vips/cy',
      'GET /api/chat/ada/bans',
      'PUT /api/chat/ada/bans/troll',
      'DELETE /api/chat/ada/bans/troll',
      'GET /api/chat/ada/blocked-terms',
      'POST /api/chat/ada/blocked-terms',
      'DELETE /api/chat/ada/blocked-terms/t1',
      'GET /api/chat/ada/log?cursor=c2&limit=25',
    ]);
    const body = (n: number) => JSON.parse(api.requests[n]!.body.toString());
    expect(body(1)).toEqual({ slowModeSeconds: 30, linksAllowed: true });
    expect(body(11)).toEqual({ durationSeconds: 600 });
    expect(body(14)).toEqual({ term: 'spoiler*' });
    expect(api.requests.every((r) => r.authorization === 'Bearer token-1')).toBe(true);
  });

  it('gives the problem’s code for the panel to place', async () => {
    const client = await signedInClient();
    api.answer = (_req, res) => {
      res.writeHead(409, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ status: 409, code: 'blocked_term_exists', detail: 'That term is blocked already.' }));
    };
    const error = await client.chat.blockedTerms.add('ada', 'spoiler').catch((e: unknown) => e);
    expect(isApiError(error) && error.code).toBe('blocked_term_exists');
  });
});
