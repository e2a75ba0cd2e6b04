import { createOutbox } from '@framecast/adapters';
import type { Channel } from '@framecast/contracts';
import type { ModuleContext } from '@framecast/kit';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUserModule, type UserHarness } from './testing/user.harness.js';
import { userModule } from './user.module.js';
import { DEFAULT_SEED_PASSWORD } from './user.seed.js';

let h: UserHarness;

beforeAll(async () => {
  h = await startUserModule();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** What `framecast seed` hands the module: the same adapters, a fresh registry. */
function seedContext(): ModuleContext {
  const { db, events, jobs, cache, pubsub, storage } = h.rt.adapters;
  return {
    db,
    events,
    jobs,
    cache,
    pubsub,
    storage,
    config: h.config,
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    clock: h.clock,
    outbox: createOutbox('users'),
    auth: { verify: () => Promise.reject(new Error('not used by seed')) },
    local: new Map(),
    remotes: new Map(),
  };
}

describe('seed', () => {
  it('creates demo channels with follows, and running it twice changes nothing', async () => {
    const ctx = seedContext();
    await userModule.seed!(ctx);
    await userModule.seed!(ctx);

    const demo = (await h.rt.app.inject({ method: 'GET', url: '/api/channels/demo' })).json<Channel>();
    const alice = (await h.rt.app.inject({ method: 'GET', url: '/api/channels/alice' })).json<Channel>();
    const bob = (await h.rt.app.inject({ method: 'GET', url: '/api/channels/bob' })).json<Channel>();
    expect(demo).toMatchObject({ displayName: 'Framecast Demo', followerCount: 2, followingCount: 0 });
    expect(alice).toMatchObject({ followerCount: 1, followingCount: 1 });
    expect(bob).toMatchObject({ followerCount: 0, followingCount: 2 });

    const login = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { handle: 'alice', password: DEFAULT_SEED_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
  });
});
