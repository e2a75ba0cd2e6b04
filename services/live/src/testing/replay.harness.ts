import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { createTranscoderModule } from '@framecast/transcoder';
import { userModule } from '@framecast/user';
import { createVideoModule } from '@framecast/video';
import { liveModule } from '../live.module.js';

/**
 * The user, live, video and transcoder modules through the real runtime, on an in-memory PGlite unless `env` names a
 * database: a stream's replay goes from the ingest to a ready video in one process.
 */
export function startReplayPlatform(env: Record<string, string> = {}): Promise<TestRuntime> {
  return startTestRuntime({
    catalog: [userModule, liveModule, createVideoModule(), createTranscoderModule()],
    targets: ['user', 'live', 'video', 'transcoder'],
    env: { RTMP_PORT: '0', ...env },
  });
}
