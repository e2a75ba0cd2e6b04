import { type ChatBadge, type ChatMessage, type ChatSettings, defaultChatSettings } from '@framecast/contracts';
import { type Kysely, sql } from 'kysely';
import type { ChatTables, MessageRow } from '../chat.tables.js';

/** A message row as the `message` frame shows it. */
export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    type: 'message',
    id: String(row.id),
    text: row.text,
    user: { handle: row.handle, displayName: row.display_name, badges: row.badges as ChatBadge[] },
    sentAt: row.sent_at.toISOString(),
  };
}

/** Reads of what a room is made of; no business rules. */
export const roomStore = {
  async settings(db: Kysely<ChatTables>, channelId: string): Promise<ChatSettings> {
    const row = await db.selectFrom('rooms').select('settings').where('channel_id', '=', channelId).executeTakeFirst();
    return { ...defaultChatSettings, ...(row?.settings ?? {}) };
  },

  async roles(db: Kysely<ChatTables>, channelId: string): Promise<[string, 'moderator' | 'vip'][]> {
    const rows = await db.selectFrom('roles').select(['user_id', 'role']).where('channel_id', '=', channelId).execute();
    return rows.map((r) => [r.user_id, r.role]);
  },

  /** Bans in force at `now`. */
  async bans(db: Kysely<ChatTables>, channelId: string, now: Date): Promise<[string, Date | null][]> {
    const rows = await db
      .selectFrom('bans')
      .select(['user_id', 'until'])
      .where('channel_id', '=', channelId)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
      .execute();
    return rows.map((r) => [r.user_id, r.until]);
  },

  async terms(db: Kysely<ChatTables>, channelId: string): Promise<string[]> {
    const rows = await db.selectFrom('blocked_terms').select('term').where('channel_id', '=', channelId).execute();
    return rows.map((r) => r.term);
  },

  /** The latest `limit` messages still shown (neither deleted nor cleared), oldest first. */
  async latest(db: Kysely<ChatTables>, channelId: string, limit: number, before?: string): Promise<MessageRow[]> {
    if (limit <= 0) return [];
    let query = db
      .selectFrom('messages as m')
      .selectAll('m')
      .where('m.channel_id', '=', channelId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('deletions as d')
              .select(sql`1`.as('one'))
              .whereRef('d.channel_id', '=', 'm.channel_id')
              .whereRef('d.message_id', '=', 'm.id'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom, eb }) =>
        not(
          exists(
            selectFrom('clears as c')
              .select(sql`1`.as('one'))
              .whereRef('c.channel_id', '=', 'm.channel_id')
              .whereRef('c.up_to', '>=', 'm.id')
              .where((w) => w.or([w('c.user_id', 'is', null), w('c.user_id', '=', eb.ref('m.user_id'))])),
          ),
        ),
      );
    if (before !== undefined) query = query.where('m.id', '<', before);
    const rows = await query.orderBy('m.id', 'desc').limit(limit).execute();
    return rows.reverse();
  },
};
