import { type EventOf, eventConsumer, type ModuleEvents } from '@framecast/kit';
import type { Kysely } from 'kysely';
import { scoped } from '../live.tables.js';
import type { SessionService } from '../sessions/session.service.js';
import { liveChannelStore } from './live-channel.store.js';

const GROUP = 'live.accounts';
const TYPES = ['user.deleted'] as const;

/** A deleted account goes off air and loses its live channel (its key stops working). Safe to run again. */
export function deletedAccountConsumer(deps: {
  db: Kysely<any>;
  events: ModuleEvents;
  sessions: SessionService;
  disconnect(channelId: string): Promise<void>;
}) {
  const db = scoped(deps.db);
  const handle = async (event: EventOf<(typeof TYPES)[number]>) => {
    const { userId } = event.payload;
    const channel = await liveChannelStore.byId(db, userId);
    if (!channel) return;
    if (channel.current_session_id) {
      await deps.sessions.end(channel.current_session_id, 'account_deleted');
      await deps.disconnect(userId);
    }
    await liveChannelStore.remove(db, userId);
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}
