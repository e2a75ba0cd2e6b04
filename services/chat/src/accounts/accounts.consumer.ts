import { type EventOf, eventConsumer, type ModuleEvents } from '@framecast/kit';
import type { Kysely } from 'kysely';
import { scoped } from '../chat.tables.js';
import { accountStore } from './account.store.js';

const GROUP = 'chat.accounts';
const TYPES = ['user.registered', 'user.deleted', 'user.followed', 'user.unfollowed'] as const;

/**
 * What chat keeps of the user module's facts: accounts (a room is its channel owner's account; mentions and
 * moderation name accounts by handle) and follows (followers-only mode). Each handler is safe to run again.
 */
export function accountsConsumer(deps: {
  db: Kysely<any>;
  events: ModuleEvents;
  /** An account was deleted: its room closes on every instance. */
  deleted(userId: string): Promise<void>;
}) {
  const db = scoped(deps.db);
  const handle = async (event: EventOf<(typeof TYPES)[number]>) => {
    switch (event.type) {
      case 'user.registered': {
        const { userId, handle } = event.payload;
        return accountStore.upsert(db, { user_id: userId, handle, display_name: handle });
      }
      case 'user.deleted':
        await deps.db.transaction().execute((trx) => accountStore.remove(scoped(trx), event.payload.userId));
        return deps.deleted(event.payload.userId);
      case 'user.followed': {
        const { channelId, followerId } = event.payload;
        return accountStore.follow(db, channelId, followerId, new Date(event.occurredAt));
      }
      case 'user.unfollowed':
        return accountStore.unfollow(db, event.payload.channelId, event.payload.followerId);
    }
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}
