import type { Kysely } from 'kysely';
import { scoped, type TargetKind } from '../analytics.tables.js';
import type { Target } from '../beacons/beacon.plan.js';

const TTL_MS = 30_000;
const MAX_CACHED = 50_000;

/**
 * The videos and live sessions beacons name, read from the projections and kept in memory for half a minute, so a
 * beacon costs no query. An unknown one is remembered as unknown as briefly.
 */
export function createTargetStore(db: Kysely<any>, now: () => number) {
  const cache = new Map<string, { at: number; target: Target | null }>();
  const s = () => scoped(db);

  const load = async (kind: TargetKind, id: string): Promise<Target | null> => {
    if (kind === 'video') {
      const row = await s().selectFrom('videos').selectAll().where('video_id', '=', id).executeTakeFirst();
      return row ? { kind, id, channelId: row.channel_id, duration: Number(row.duration) } : null;
    }
    const row = await s().selectFrom('streams').selectAll().where('session_id', '=', id).executeTakeFirst();
    return row ? { kind, id, channelId: row.channel_id, duration: 0 } : null;
  };

  return {
    async get(kind: TargetKind, id: string): Promise<Target | null> {
      const key = `${kind}:${id}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < TTL_MS) return hit.target;
      const target = await load(kind, id);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(key, { at: now(), target });
      return target;
    },
    /** A projection changed: the next beacon reads it again. */
    forget(kind: TargetKind, id: string) {
      cache.delete(`${kind}:${id}`);
    },
  };
}

export type TargetStore = ReturnType<typeof createTargetStore>;
