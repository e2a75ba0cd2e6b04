import { randomUUID } from 'node:crypto';
import type { Journal } from '@framecast/adapters';
import {
  CHAT_BLOCKED_TERMS_MAX,
  type ChatModerationAction,
  type ChatSettings,
  type ChatSettingsPatch,
  checkBlockedTerm,
} from '@framecast/contracts';
import { AppError, type Clock, type Identity } from '@framecast/kit';
import type { Kysely } from 'kysely';
import { accountStore } from '../accounts/account.store.js';
import { type AccountRow, scoped } from '../chat.tables.js';
import { decodeEntry, encodeEntry, type RoomEntry } from '../room/room.entries.js';
import { journalKey } from '../room/room.js';
import { roomStore } from '../room/room.store.js';
import { moderationStore } from './moderation.store.js';

/** What the caller is in a channel's chat. */
export interface Standing {
  channel: AccountRow;
  role: 'broadcaster' | 'moderator' | 'vip' | 'viewer';
  staff: boolean;
}

export const mayModerate = (s: Standing) => s.staff || s.role === 'broadcaster' || s.role === 'moderator';
const mayManageRoles = (s: Standing) => s.staff || s.role === 'broadcaster';

/**
 * Every moderation action: checked against the caller's standing, written with its log entry in one transaction,
 * then put in the room's journal so every instance applies it at once (and sockets see deletions and clears).
 */
export function createModeration(deps: { db: Kysely<any>; journal: Journal; clock: Clock }) {
  const db = scoped(deps.db);
  const append = (channelId: string, entry: RoomEntry) =>
    deps.journal.append(journalKey(channelId), encodeEntry(entry));

  const channelOf = async (handle: string) => {
    const channel = await accountStore.byHandle(db, handle);
    if (!channel) throw new AppError(404, 'chat_not_found', `No channel is called "${handle}".`);
    return channel;
  };

  const standing = async (
    handle: string,
    identity: Identity | undefined,
  ): Promise<Standing & { anonymous: boolean }> => {
    const channel = await channelOf(handle);
    if (!identity) return { channel, role: 'viewer', staff: false, anonymous: true };
    const staff = identity.roles.includes('admin');
    if (identity.userId === channel.user_id) return { channel, role: 'broadcaster', staff, anonymous: false };
    const role = (await moderationStore.roleOf(db, channel.user_id, identity.userId)) ?? 'viewer';
    return { channel, role, staff, anonymous: false };
  };

  const asModerator = async (handle: string, identity: Identity) => {
    const s = await standing(handle, identity);
    if (!mayModerate(s)) {
      throw new AppError(403, 'not_chat_moderator', "Only the channel's broadcaster and moderators may do this.");
    }
    return s;
  };

  const asBroadcaster = async (handle: string, identity: Identity) => {
    const s = await standing(handle, identity);
    if (!mayManageRoles(s))
      throw new AppError(403, 'not_chat_broadcaster', "Only the channel's broadcaster may do this.");
    return s;
  };

  const targetOf = async (handle: string) => {
    const target = await accountStore.byHandle(db, handle);
    if (!target) throw new AppError(404, 'chat_user_not_found', `No account is called "${handle}".`);
    return target;
  };

  /** A moderator acts on viewers and VIPs; only the broadcaster (or staff) on moderators. */
  const mayActOn = async (s: Standing, target: AccountRow) => {
    if (target.user_id === s.channel.user_id) {
      throw AppError.badRequest('cannot_ban_broadcaster', 'The broadcaster cannot be banned, timed out or cleared.');
    }
    if (mayManageRoles(s)) return;
    if ((await moderationStore.roleOf(db, s.channel.user_id, target.user_id)) === 'moderator') {
      throw new AppError(403, 'target_is_moderator', 'Moderators cannot act on other moderators; the broadcaster can.');
    }
  };

  const log = (
    trx: Kysely<any>,
    s: Standing,
    actor: Identity,
    action: ChatModerationAction,
    target: string | null,
    details: Record<string, unknown> = {},
  ) =>
    moderationStore.log(scoped(trx), {
      channelId: s.channel.user_id,
      at: deps.clock.now(),
      action,
      moderator: actor.handle,
      target,
      details,
    });

  /** The message, from the journal (recent, maybe not stored yet) or the database. */
  const findMessage = async (channelId: string, id: string) => {
    for (const raw of await deps.journal.latest(journalKey(channelId), 1000)) {
      if (raw.id !== id) continue;
      const entry = decodeEntry(raw.data);
      if (entry?.k === 'message') return { userId: entry.u, handle: entry.f.user.handle, text: entry.f.text };
    }
    const row = await moderationStore.message(db, channelId, id);
    return row ? { userId: row.user_id, handle: row.handle, text: row.text } : null;
  };

  const clearUser = async (s: Standing, target: AccountRow | null) => {
    const { id } = await append(s.channel.user_id, {
      k: 'cleared',
      u: target?.user_id ?? null,
      ...(target ? { h: target.handle } : {}),
    });
    await moderationStore.clear(db, s.channel.user_id, target?.user_id ?? null, id, deps.clock.now());
  };

  return {
    standing,

    /** The caller's ban in force, as the room's page shows it. */
    async banOf(s: Standing, userId: string) {
      const ban = await moderationStore.banOf(db, s.channel.user_id, userId, deps.clock.now());
      return ban ? { until: ban.until?.toISOString() ?? null, reason: ban.reason } : null;
    },

    async settings(handle: string): Promise<ChatSettings> {
      return roomStore.settings(db, (await channelOf(handle)).user_id);
    },

    async updateSettings(handle: string, actor: Identity, patch: ChatSettingsPatch): Promise<ChatSettings> {
      const s = await asModerator(handle, actor);
      const channelId = s.channel.user_id;
      const next = await deps.db.transaction().execute(async (trx) => {
        const current = await roomStore.settings(scoped(trx), channelId);
        const merged: ChatSettings = { ...current, ...patch };
        const changed = Object.fromEntries(
          Object.entries(patch).filter(([k, v]) => current[k as keyof ChatSettings] !== v),
        );
        await moderationStore.saveSettings(scoped(trx), channelId, merged, deps.clock.now());
        if (Object.keys(changed).length > 0) await log(trx, s, actor, 'settings_changed', null, changed);
        return merged;
      });
      await append(channelId, { k: 'settings', s: next });
      return next;
    },

    async deleteMessage(handle: string, actor: Identity, id: string) {
      const s = await asModerator(handle, actor);
      const message = await findMessage(s.channel.user_id, id);
      if (!message) throw new AppError(404, 'chat_message_not_found', 'No message with this id is in this chat.');
      const author = await accountStore.byIds(db, [message.userId]);
      if (author[0] && author[0].user_id !== actor.userId) await mayActOn(s, author[0]);
      await deps.db.transaction().execute(async (trx) => {
        await moderationStore.deleteMessage(scoped(trx), s.channel.user_id, id, deps.clock.now());
        await log(trx, s, actor, 'message_deleted', message.handle, { messageId: id, text: message.text });
      });
      await append(s.channel.user_id, { k: 'deleted', id });
    },

    async clear(handle: string, actor: Identity, userHandle?: string) {
      const s = await asModerator(handle, actor);
      if (userHandle === undefined) {
        await clearUser(s, null);
        await deps.db.transaction().execute((trx) => log(trx, s, actor, 'chat_cleared', null));
        return;
      }
      const target = await targetOf(userHandle);
      await mayActOn(s, target);
      await clearUser(s, target);
      await deps.db.transaction().execute((trx) => log(trx, s, actor, 'messages_cleared', target.handle));
    },

    async ban(
      handle: string,
      actor: Identity,
      userHandle: string,
      body: { reason?: string; durationSeconds?: number },
    ) {
      const s = await asModerator(handle, actor);
      const target = await targetOf(userHandle);
      await mayActOn(s, target);
      const now = deps.clock.now();
      const until = body.durationSeconds === undefined ? null : new Date(now.getTime() + body.durationSeconds * 1000);
      const reason = body.reason?.trim() ?? '';
      await deps.db.transaction().execute(async (trx) => {
        await moderationStore.ban(scoped(trx), {
          channel_id: s.channel.user_id,
          user_id: target.user_id,
          reason,
          until,
          banned_by: actor.handle,
          created_at: now,
        });
        await log(trx, s, actor, until ? 'timed_out' : 'banned', target.handle, {
          reason,
          ...(body.durationSeconds === undefined ? {} : { durationSeconds: body.durationSeconds }),
        });
      });
      await append(s.channel.user_id, { k: 'ban', u: target.user_id, until: until?.toISOString() ?? null });
      await clearUser(s, target);
      return {
        user: { handle: target.handle, displayName: target.display_name },
        reason,
        until: until?.toISOString() ?? null,
        bannedBy: actor.handle,
        createdAt: now.toISOString(),
      };
    },

    async unban(handle: string, actor: Identity, userHandle: string) {
      const s = await asModerator(handle, actor);
      const target = await targetOf(userHandle);
      const lifted = await deps.db.transaction().execute(async (trx) => {
        const removed = await moderationStore.unban(scoped(trx), s.channel.user_id, target.user_id);
        if (removed) await log(trx, s, actor, 'unbanned', target.handle);
        return removed;
      });
      if (lifted) await append(s.channel.user_id, { k: 'ban', u: target.user_id, until: null, lifted: true });
    },

    async bans(handle: string, actor: Identity) {
      const s = await asModerator(handle, actor);
      const rows = await moderationStore.bans(db, s.channel.user_id, deps.clock.now());
      return rows.map((r) => ({
        user: { handle: r.handle, displayName: r.display_name },
        reason: r.reason,
        until: r.until?.toISOString() ?? null,
        bannedBy: r.banned_by,
        createdAt: r.created_at.toISOString(),
      }));
    },

    async grant(handle: string, actor: Identity, userHandle: string, role: 'moderator' | 'vip') {
      const s = await asBroadcaster(handle, actor);
      const target = await targetOf(userHandle);
      if (target.user_id === s.channel.user_id) {
        throw AppError.badRequest('cannot_grant_broadcaster', 'The broadcaster already holds every right.');
      }
      const current = await moderationStore.roleOf(db, s.channel.user_id, target.user_id);
      if (current === role) return;
      await deps.db.transaction().execute(async (trx) => {
        await moderationStore.setRole(scoped(trx), s.channel.user_id, target.user_id, role, deps.clock.now());
        if (current)
          await log(trx, s, actor, current === 'moderator' ? 'moderator_removed' : 'vip_removed', target.handle);
        await log(trx, s, actor, role === 'moderator' ? 'moderator_added' : 'vip_added', target.handle);
      });
      await append(s.channel.user_id, { k: 'role', u: target.user_id, r: role });
    },

    async revoke(handle: string, actor: Identity, userHandle: string, role: 'moderator' | 'vip') {
      const s = await asBroadcaster(handle, actor);
      const target = await targetOf(userHandle);
      const removed = await deps.db.transaction().execute(async (trx) => {
        const gone = await moderationStore.removeRole(scoped(trx), s.channel.user_id, target.user_id, role);
        if (gone) await log(trx, s, actor, role === 'moderator' ? 'moderator_removed' : 'vip_removed', target.handle);
        return gone;
      });
      if (removed) await append(s.channel.user_id, { k: 'role', u: target.user_id, r: null });
    },

    async grants(handle: string, actor: Identity, role: 'moderator' | 'vip') {
      const s = await asBroadcaster(handle, actor);
      const rows = await moderationStore.grants(db, s.channel.user_id, role);
      return rows.map((r) => ({
        user: { handle: r.handle, displayName: r.display_name },
        grantedAt: r.granted_at.toISOString(),
      }));
    },

    async terms(handle: string, actor: Identity) {
      const s = await asModerator(handle, actor);
      const rows = await moderationStore.terms(db, s.channel.user_id);
      return rows.map((r) => ({ id: r.id, term: r.term, createdAt: r.created_at.toISOString() }));
    },

    async addTerm(handle: string, actor: Identity, raw: string) {
      const s = await asModerator(handle, actor);
      const checked = checkBlockedTerm(raw);
      if (!checked.ok) throw AppError.badRequest('blocked_term_invalid', checked.message, { field: 'term' });
      const row = { id: randomUUID(), channel_id: s.channel.user_id, term: checked.term, created_at: deps.clock.now() };
      await deps.db.transaction().execute(async (trx) => {
        if ((await moderationStore.countTerms(scoped(trx), s.channel.user_id)) >= CHAT_BLOCKED_TERMS_MAX) {
          throw AppError.badRequest(
            'too_many_blocked_terms',
            `A channel blocks at most ${CHAT_BLOCKED_TERMS_MAX} terms.`,
          );
        }
        if (!(await moderationStore.addTerm(scoped(trx), row))) {
          throw new AppError(409, 'blocked_term_exists', `"${checked.term}" is already blocked.`, { field: 'term' });
        }
        await log(trx, s, actor, 'blocked_term_added', null, { term: checked.term });
      });
      await append(s.channel.user_id, { k: 'terms' });
      return { id: row.id, term: row.term, createdAt: row.created_at.toISOString() };
    },

    async removeTerm(handle: string, actor: Identity, id: string) {
      const s = await asModerator(handle, actor);
      await deps.db.transaction().execute(async (trx) => {
        const removed = await moderationStore.removeTerm(scoped(trx), s.channel.user_id, id);
        if (!removed) throw new AppError(404, 'blocked_term_not_found', 'This channel blocks no term with this id.');
        await log(trx, s, actor, 'blocked_term_removed', null, { term: removed.term });
      });
      await append(s.channel.user_id, { k: 'terms' });
    },

    async log(handle: string, actor: Identity, limit: number, after?: { at: Date; id: string }) {
      const s = await asModerator(handle, actor);
      return moderationStore.logPage(db, s.channel.user_id, limit, after);
    },
  };
}

export type Moderation = ReturnType<typeof createModeration>;
