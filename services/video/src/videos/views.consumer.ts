import { consumeOnce, type Database } from '@framecast/adapters';
import { type EventOf, eventConsumer, type ModuleEvents } from '@framecast/kit';
import { sql } from 'kysely';
import { VIDEO_SCHEMA } from '../video.tables.js';

const GROUP = 'video.views';
const TYPES = ['analytics.views'] as const;

/**
 * Views the analytics module counted (10 s played, once per viewer per hour) are added to each video's `views`, once
 * per event (`consumeOnce`), in one statement per event; a video deleted meanwhile is skipped.
 */
export function viewsConsumer(deps: { db: Database; events: ModuleEvents }) {
  const handle = async (event: EventOf<(typeof TYPES)[number]>) => {
    const counts = event.payload.videos;
    await consumeOnce(deps.db, VIDEO_SCHEMA, GROUP, event, async (trx) => {
      const values = sql.join(counts.map((c) => sql`(${c.videoId}::text, ${c.views}::bigint)`));
      await sql`update ${sql.table(`${VIDEO_SCHEMA}.videos`)} as v set views = v.views + c.n
        from (values ${values}) as c(id, n) where v.id::text = c.id`.execute(trx);
    });
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}
