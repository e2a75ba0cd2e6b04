import { randomUUID } from 'node:crypto';
import type { BeaconBatch, BeaconEvent } from '@framecast/contracts';
import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { userModule } from '@framecast/user';
import { analyticsModule } from '../analytics.module.js';

export type AnalyticsHarness = TestRuntime;

/**
 * The user and analytics modules through the real runtime, on an in-memory PGlite unless `env` names servers;
 * counts are flushed every 50 ms so a test sees them soon.
 */
export function startAnalyticsModule(env: Record<string, string> = {}): Promise<AnalyticsHarness> {
  return startTestRuntime({
    catalog: [userModule, analyticsModule],
    targets: ['user', 'analytics'],
    env: { ANALYTICS_FLUSH_MS: '50', ADMIN_EMAIL: 'admin@example.com', ...env },
  });
}

/** A player's playback session: each `send` is the next batch (`seq` counts up), from one address. */
export function playback(
  h: AnalyticsHarness,
  what: { videoId: string } | { streamId: string },
  opts: { address?: string; auth?: Record<string, string> } = {},
) {
  const session = randomUUID();
  let seq = 0;
  const post = (body: unknown) =>
    h.rt.app.inject({
      method: 'POST',
      url: '/api/analytics/events',
      payload: body as object,
      remoteAddress: opts.address ?? '10.0.0.1',
      headers: opts.auth ?? {},
    });
  return {
    session,
    /** The next batch. */
    send: (events: BeaconEvent[]) => post({ session, seq: seq++, ...what, events } satisfies BeaconBatch),
    /** A batch sent again as it was (`seq` given). */
    resend: (at: number, events: BeaconEvent[]) => post({ session, seq: at, ...what, events }),
    /** Any body at all, from this player's address. */
    raw: post,
  };
}

/** Heartbeats covering `[from, to)` in steps of `step` seconds. */
export function played(from: number, to: number, step = 10): BeaconEvent[] {
  const out: BeaconEvent[] = [];
  for (let at = from; at < to; at += step) out.push({ type: 'heartbeat', from: at, to: Math.min(to, at + step) });
  return out;
}
