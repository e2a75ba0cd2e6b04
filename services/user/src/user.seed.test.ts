import type { Channel } from '@framecast/contracts';
import { type ModuleContext, readSettings } from '@framecast/kit';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUserModule, type UserHarness } from './testing/user.harness.js';
import { userModule } from './user.module.js';
import { DEFAULT_SEED_PASSWORD } from './user.seed.js';
import { type UserEnv, userSettingsSchema } from './user.settings.js';

let h: UserHarness;

beforeAll(async () => {
  h = await startUserModule();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** What `framecast seed` hands the module: the module's context, with a fresh registry. */
function seedContext(): ModuleContext<UserEnv> {
  const ctx = h.rt.contexts.get('user');
  if (!ctx) throw new Error('The user module is not running.');
  const settings = readSettings(userSettingsSchema, {});
  return { ...ctx, settings, logger: pino({ level: 'silent' }), metrics: new Registry() };
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
