import { createHash } from 'node:crypto';
import type { Cache } from '@framecast/adapters';
import type { BeaconAccepted, BeaconBatch } from '@framecast/contracts';
import { AppError } from '@framecast/kit';
import type { AnalyticsMetrics } from '../analytics.metrics.js';
import type { TargetStore } from '../projections/target.store.js';
import { applyBatch, batchProblem, batchTarget, newSession, type SessionState, viewSettled } from './beacon.plan.js';
import type { RollupWriter } from './rollup.writer.js';

/** A session not heard from for this long is forgotten (its next beacon starts it again). */
const SESSION_IDLE_MS = 30 * 60_000;
/** Sessions one instance keeps; past it the oldest are forgotten first. */
const MAX_SESSIONS = 200_000;
const RATE_WINDOW_MS = 60_000;
/** A batch number is remembered this long, so a batch sent again within it counts once. */
const DEDUPE_MS = 3600_000;

/** The viewer a view is counted for: the account when signed in, else the address; stored only as a hash. */
export const viewerHash = (viewer: string) => createHash('sha256').update(viewer).digest('base64url').slice(0, 22);

/**
 * Takes beacon batches: rate-limited per address, checked whole before any of it counts, deduplicated by
 * (session, seq) in the cache adapter (Redis across instances), applied to the session this instance holds, and
 * added to the rollup writer. A view counts once the session played 10 s (or the whole of a shorter video), at most
 * once per viewer per `viewWindowMs` (an atomic counter in the cache, as every instance must agree).
 */
export function createBeaconIngest(deps: {
  cache: Cache;
  targets: TargetStore;
  writer: RollupWriter;
  metrics: AnalyticsMetrics;
  now: () => number;
  beaconsPerMinute: number;
  viewWindowMs: number;
}) {
  const sessions = new Map<string, SessionState>();

  const sweep = (now: number) => {
    for (const [id, s] of sessions) {
      // Oldest first: a session heard from again is moved to the end.
      if (now - s.lastSeen < SESSION_IDLE_MS && sessions.size <= MAX_SESSIONS) break;
      sessions.delete(id);
    }
    deps.metrics.sessions.set(sessions.size);
  };

  const refused = (outcome: string, error: AppError) => {
    deps.metrics.batches.inc({ outcome });
    return error;
  };

  return {
    async ingest(batch: BeaconBatch, who: { userId: string | null; address: string }): Promise<BeaconAccepted> {
      const rate = await deps.cache.incr(`analytics:rate:${who.address}`, RATE_WINDOW_MS);
      if (rate.count > deps.beaconsPerMinute) {
        throw refused(
          'rate_limited',
          new AppError(429, 'rate_limited', 'Too many beacons from this address; slow down.'),
        );
      }
      const what = batchTarget(batch);
      if (!what) {
        throw refused(
          'invalid',
          AppError.badRequest('invalid_beacon', 'A batch names exactly one of videoId and streamId.'),
        );
      }
      const target = await deps.targets.get(what.kind, what.id);
      if (!target) {
        throw refused(
          'unknown_target',
          AppError.notFound('analytics_target_not_found', `No ${what.kind} has this id, or it is not playable yet.`),
        );
      }
      const viewer = who.userId ? `user:${who.userId}` : `ip:${who.address}`;
      const now = deps.now();
      const known = sessions.get(batch.session);
      const problem = batchProblem(batch, target, viewer, known, now);
      if (problem) throw refused('invalid', AppError.badRequest('invalid_beacon', problem));

      const first = await deps.cache.incr(`analytics:batch:${batch.session}:${batch.seq}`, DEDUPE_MS);
      if (first.count > 1) {
        deps.metrics.batches.inc({ outcome: 'duplicate' });
        return { accepted: 0, duplicate: true };
      }
      const session = sessions.get(batch.session) ?? newSession(target, viewer, now);
      sessions.delete(batch.session);
      sessions.set(batch.session, session);
      const delta = applyBatch(session, batch.events, target, now, deps.viewWindowMs);
      deps.writer.add(target, delta, now);
      if (target.kind === 'stream' && delta.watchSeconds > 0) deps.writer.heard(target.id, batch.session, now);
      if (delta.viewDue) {
        viewSettled(session, now);
        const key = `analytics:view:${target.kind}:${target.id}:${viewer}`;
        const { count } = await deps.cache.incr(key, deps.viewWindowMs);
        if (count === 1) {
          deps.writer.view(target, viewerHash(viewer), now);
          deps.metrics.views.inc();
        }
      }
      deps.metrics.batches.inc({ outcome: 'accepted' });
      deps.metrics.events.inc(batch.events.length);
      sweep(now);
      return { accepted: batch.events.length, duplicate: false };
    },
    /** Sessions held in memory (for tests and the gauge). */
    sessionCount: () => sessions.size,
  };
}

export type BeaconIngest = ReturnType<typeof createBeaconIngest>;
