import type { LiveSetup } from '@framecast/contracts';
import type { Runtime } from '@framecast/kit';
import type { SessionRow } from '../live.tables.js';
import { createSessionService } from '../sessions/session.service.js';

/**
 * Puts a channel on air as a publisher with its key would (the same `SessionService.begin` the ingest calls), without
 * sending media: for tests of what viewers read of a stream. Ends it with the returned `end`.
 */
export async function goLive(
  rt: Runtime,
  who: { auth: Record<string, string> },
): Promise<{ session: SessionRow; end: () => Promise<void> }> {
  const ctx = rt.contexts.get('live');
  if (!ctx) throw new Error('The live module is not running here.');
  const res = await rt.app.inject({ url: '/api/live/me', headers: who.auth });
  if (res.statusCode !== 200) throw new Error(`live setup failed: ${res.statusCode} ${res.body}`);
  const setup = res.json<LiveSetup>();
  const me = await rt.app.inject({ url: '/api/users/me', headers: who.auth });
  const userId = me.json<{ id: string }>().id;
  const service = createSessionService({ db: ctx.db.kysely, clock: ctx.clock, outbox: ctx.outbox });
  const begun = await service.begin(userId, setup.streamKey);
  if (!begun.ok) throw new Error(`going live failed: ${begun.reason}`);
  return {
    session: begun.session,
    end: async () => {
      await service.end(begun.session.id, 'publisher_left');
    },
  };
}
