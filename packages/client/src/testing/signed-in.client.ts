import type { AuthResult } from '@framecast/contracts';
import { afterEach } from 'vitest';
import { createClient, type FramecastClient } from '../client.js';
import type { Answer, RecordingServer } from './recording.server.js';

/** The session the recording server hands out on `/api/auth/refresh`: Ada, a viewer. */
export const SIGNED_IN: AuthResult = {
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

/**
 * Clients of the suite's recording server, each signed in as `SIGNED_IN` (the server answers its refresh so) with the
 * record emptied after sign-in, and disposed after each test; the server answers every other request with `answer`.
 */
export function signedInClients(api: RecordingServer): (answer: Answer) => Promise<FramecastClient> {
  const clients: FramecastClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.dispose();
  });
  return async (answer) => {
    api.answer = (req, res) => {
      if (req.url !== '/api/auth/refresh') return answer(req, res);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(SIGNED_IN));
    };
    const client = createClient({ baseUrl: api.url });
    clients.push(client);
    await client.auth.restore();
    api.requests.length = 0;
    return client;
  };
}
