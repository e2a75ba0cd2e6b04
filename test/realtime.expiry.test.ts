import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalog } from '../packages/cli/src/catalog.js';
import { register } from '../services/video/src/testing/video.harness.js';
import { connect } from './realtime.peer.js';

// Access tokens of the shortest lifetime allowed: a socket stops speaking for a user when the token it sent expires.
let platform: TestRuntime;
beforeAll(async () => {
  platform = await startTestRuntime({ catalog, targets: ['gateway'], env: { ACCESS_TOKEN_TTL_SECONDS: '30' } });
});
afterAll(async () => {
  await platform?.close();
});

it('ends the topics of an identity whose token expired and nobody renewed', async () => {
  const account = await register(platform.rt);
  const peer = await connect(platform.rt.url);
  peer.send({ type: 'auth', token: account.auth.authorization.slice('Bearer '.length) });
  await peer.waitFor('authenticated', (f) => f.userId === account.userId);
  const topic = `user:${account.userId}`;
  peer.send({ type: 'subscribe', topic });
  await peer.waitFor('subscribed');
  const expired = await peer.waitFor('error', (f) => f.code === 'token_expired', 40_000);
  expect(expired).toMatchObject({ type: 'error', code: 'token_expired' });
  await peer.waitFor('authenticated', (f) => f.userId === null);
  expect(await peer.waitFor('error', (f) => f.topic === topic)).toMatchObject({ code: 'topic_forbidden' });
  await peer.close();
}, 60_000);
