import { randomUUID } from 'node:crypto';
import type { ChatModerationAction, ChatSettings } from '@framecast/contracts';
import type { Kysely } from 'kysely';
import { type ChatTables, jsonb } from '../chat.tables.js';

/** Writes and lists of moderation: roles, bans, terms, settings, the log. No business rules. */
export const moderationStore = {
  async roleOf(db: Kysely<ChatTables>, channelId: string, userId: string) {
    const row = await db
      .selectFrom('roles')
      .select('role')
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.role ?? null;
  },

  async setRole(db: Kysely<ChatTables>, channelId: string, userId: string, role: 'moderator' | 'vip', at: Date) {
    await db
      .insertInto('roles')
      .values({ channel_id: channelId, user_id: userId, role, granted_at: at })
      .onConflict((c) => c.columns(['channel_id', 'user_id']).doUpdateSet({ role, granted_at: at }))
      .execute();
  },

  async removeRole(db: Kysely<ChatTables>, channelId: string, userId: string, role: 'moderator' | 'vip') {
    const result = await db
      .deleteFrom('roles')
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .where('role', '=', role)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  grants(db: Kysely<ChatTables>, channelId: string, role: 'moderator' | 'vip') {
    return db
      .selectFrom('roles as r')
      .innerJoin('accounts as a', 'a.user_id', 'r.user_id')
      .select(['a.handle', 'a.display_name', 'r.granted_at'])
      .where('r.channel_id', '=', channelId)
      .where('r.role', '=', role)
      .orderBy('r.granted_at', 'desc')
      .execute();
  },

  async ban(
    db: Kysely<ChatTables>,
    row: {
      channel_id: string;
      user_id: string;
      reason: string;
      until: Date | null;
      banned_by: string;
      created_at: Date;
    },
  ) {
    await db
      .insertInto('bans')
      .values(row)
      .onConflict((c) =>
        c.columns(['channel_id', 'user_id']).doUpdateSet({
          reason: row.reason,
          until: row.until,
          banned_by: row.banned_by,
          created_at: row.created_at,
        }),
      )
      .execute();
  },

  async unban(db: Kysely<ChatTables>, channelId: string, userId: string) {
    const result = await db
      .deleteFrom('bans')
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  banOf(db: Kysely<ChatTables>, channelId: string, userId: string, now: Date) {
    return db
      .selectFrom('bans')
      .select(['reason', 'until'])
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
      .executeTakeFirst();
  },

  bans(db: Kysely<ChatTables>, channelId: string, now: Date) {
    return db
      .selectFrom('bans as b')
      .innerJoin('accounts as a', 'a.user_id', 'b.user_id')
      .select(['a.handle', 'a.display_name', 'b.reason', 'b.until', 'b.banned_by', 'b.created_at'])
      .where('b.channel_id', '=', channelId)
      .where((eb) => eb.or([eb('b.until', 'is', null), eb('b.until', '>', now)]))
      .orderBy('b.created_at', 'desc')
      .execute();
  },

  terms(db: Kysely<ChatTables>, channelId: string) {
    return db
      .selectFrom('blocked_terms')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('created_at', 'desc')
      .execute();
  },

  async countTerms(db: Kysely<ChatTables>, channelId: string) {
    const row = await db
      .selectFrom('blocked_terms')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** False when the channel already blocks the term. */
  async addTerm(db: Kysely<ChatTables>, row: { id: string; channel_id: string; term: string; created_at: Date }) {
    const inserted = await db
      .insertInto('blocked_terms')
      .values(row)
      .onConflict((c) => c.columns(['channel_id', 'term']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  removeTerm(db: Kysely<ChatTables>, channelId: string, id: string) {
    return db
      .deleteFrom('blocked_terms')
      .where('channel_id', '=', channelId)
      .where('id', '=', id)
      .returning('term')
      .executeTakeFirst();
  },

  async saveSettings(db: Kysely<ChatTables>, channelId: string, settings: ChatSettings, at: Date) {
    await db
      .insertInto('rooms')
      .values({ channel_id: channelId, settings: jsonb(settings), updated_at: at })
      .onConflict((c) => c.column('channel_id').doUpdateSet({ settings: jsonb(settings), updated_at: at }))
      .execute();
  },

  async deleteMessage(db: Kysely<ChatTables>, channelId: string, messageId: string, at: Date) {
    await db
      .insertInto('deletions')
      .values({ channel_id: channelId, message_id: messageId, deleted_at: at })
      .onConflict((c) => c.columns(['channel_id', 'message_id']).doNothing())
      .execute();
  },

  async clear(db: Kysely<ChatTables>, channelId: string, userId: string | null, upTo: string, at: Date) {
    await db.insertInto('clears').values({ channel_id: channelId, user_id: userId, up_to: upTo, at }).execute();
  },

  message(db: Kysely<ChatTables>, channelId: string, id: string) {
    return db
      .selectFrom('messages')
      .select(['user_id', 'handle', 'text'])
      .where('channel_id', '=', channelId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async log(
    db: Kysely<ChatTables>,
    entry: {
      channelId: string;
      at: Date;
      action: ChatModerationAction;
      moderator: string;
      target: string | null;
      details: Record<string, unknown>;
    },
  ) {
    await db
      .insertInto('moderation_log')
      .values({
        id: randomUUID(),
        channel_id: entry.channelId,
        at: entry.at,
        action: entry.action,
        moderator: entry.moderator,
        target: entry.target,
        details: jsonb(entry.details),
      })
      .execute();
  },

  logPage(db: Kysely<ChatTables>, channelId: string, limit: number, after?: { at: Date; id: string }) {
    let query = db.selectFrom('moderation_log').selectAll().where('channel_id', '=', channelId);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
      );
    }
    return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },
};
