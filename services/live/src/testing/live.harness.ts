import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { userModule } from '@framecast/user';
import { liveModule } from '../live.module.js';

export type LiveHarness = TestRuntime;

/** The user and live modules through the real runtime, on an in-memory PGlite unless `env` names a database. */
export function startLiveModule(env: Record<string, string> = {}): Promise<LiveHarness> {
  return startTestRuntime({
    catalog: [userModule, liveModule],
    targets: ['user', 'live'],
    env: { RTMP_PORT: '0', ...env },
  });
}
