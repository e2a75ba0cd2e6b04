import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { userModule } from '@framecast/user';
import { type Registered, register } from '@framecast/user/testing';
import { vi } from 'vitest';
import { chatModule } from '../chat.module.js';

export type ChatHarness = TestRuntime;

/** The user and chat modules through the real runtime, on an in-memory PGlite unless `env` names servers. */
export function startChatModule(env: Record<string, string> = {}, dataDir?: string): Promise<ChatHarness> {
  return startTestRuntime({
    catalog: [userModule, chatModule],
    targets: ['user', 'chat'],
    env,
    ...(dataDir ? { dataDir } : {}),
  });
}

/** Registers an account and waits until chat knows it (its room exists once `user.registered` was consumed). */
export async function chatter(h: ChatHarness, opts: { handle?: string } = {}): Promise<Registered> {
  const account = await register(h.rt, opts);
  await vi.waitFor(
    async () => {
      const res = await h.rt.app.inject(`/api/chat/${account.handle}`);
      if (res.statusCode !== 200) throw new Error(`chat does not know ${account.handle} yet: ${res.statusCode}`);
    },
    { timeout: 10_000, interval: 50 },
  );
  return account;
}
