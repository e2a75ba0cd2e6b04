import { createHash } from 'node:crypto';
import type { Cache, Journal } from '@framecast/adapters';
import {
  CHAT_RATE_WINDOW_SECONDS,
  CHAT_UNIQUE_WINDOW_SECONDS,
  type ChatBadge,
  type ChatUser,
  uniqueChatKey,
} from '@framecast/contracts';
import type { Clock, Identity } from '@framecast/kit';
import type { Kysely } from 'kysely';
import { accountStore } from '../accounts/account.store.js';
import type { ChatTables } from '../chat.tables.js';
import type { MessageWriter } from '../messages/message.writer.js';
import { encodeEntry } from './room.entries.js';
import type { Room } from './room.js';
import { journalKey } from './room.js';
import { banOf, senderIn } from './room.state.js';
import {
  decideSend,
  type Refusal,
  rateLimitOf,
  type Sender,
  slowModeApplies,
  uniqueChatApplies,
} from './send.policy.js';

/** A follow seen is trusted this long (an unfollow takes at most this to count); a missing one is asked again. */
const FOLLOW_CACHE_MS = 60_000;

export function badgesOf(sender: Sender): ChatBadge[] {
  const badges: ChatBadge[] = [];
  if (sender.role !== 'viewer') badges.push(sender.role);
  if (sender.staff) badges.push('staff');
  return badges;
}

/**
 * Sending a message: the room's rules (pure, `decideSend`), then the counters every instance shares through the
 * cache (slow mode, the rate limit, unique chat: each counted only once the rules before it passed), then the
 * room's journal, which numbers it and gives it to every instance; the writer stores it in its next batch.
 */
export function createSendFlow(deps: {
  cache: Cache;
  journal: Journal;
  db: Kysely<ChatTables>;
  messages: MessageWriter;
  clock: Clock;
}) {
  const follows = new Map<string, { at: Date; seen: number }>();

  const followedAt = async (channelId: string, userId: string): Promise<Date | null> => {
    const key = `${channelId}:${userId}`;
    const cached = follows.get(key);
    const now = Date.now();
    if (cached && now - cached.seen < FOLLOW_CACHE_MS) return cached.at;
    const at = await accountStore.followedAt(deps.db, channelId, userId);
    if (at) follows.set(key, { at, seen: now });
    else follows.delete(key);
    if (follows.size > 100_000) follows.clear();
    return at;
  };

  const counted = async (key: string, windowMs: number, limit: number) => {
    const { count, ttlMs } = await deps.cache.incr(key, windowMs);
    return count > limit ? ttlMs : null;
  };

  return {
    /** Null when the message went out; otherwise why not. */
    async send(room: Room, identity: Identity, raw: string, nonce?: string): Promise<Refusal | null> {
      const { state } = room;
      const channelId = state.channelId;
      const now = deps.clock.now();
      const sender = senderIn(state, identity);
      const wantsFollow = sender.role === 'viewer' && state.settings.followersOnlyMinutes !== null;
      const decision = decideSend({
        raw,
        sender,
        ban: banOf(state, identity.userId, now),
        settings: state.settings,
        terms: state.terms,
        followedAt: wantsFollow ? await followedAt(channelId, identity.userId) : null,
        now,
      });
      if (!decision.ok) return decision;
      const { settings } = state;
      const user = `${channelId}:${identity.userId}`;
      if (slowModeApplies(sender, settings)) {
        const wait = await counted(`chat:slow:${user}`, settings.slowModeSeconds * 1000, 1);
        if (wait !== null) {
          return {
            code: 'slow_mode',
            message: `Slow mode is on: you can send another message in ${Math.ceil(wait / 1000)} seconds.`,
            retryAfterMs: wait,
          };
        }
      }
      const rateWait = await counted(`chat:rate:${user}`, CHAT_RATE_WINDOW_SECONDS * 1000, rateLimitOf(sender));
      if (rateWait !== null) {
        return {
          code: 'rate_limited',
          message: `You are sending messages too quickly; wait ${Math.ceil(rateWait / 1000)} seconds.`,
          retryAfterMs: rateWait,
        };
      }
      if (uniqueChatApplies(sender, settings)) {
        const hash = createHash('sha256').update(uniqueChatKey(decision.text)).digest('base64url').slice(0, 22);
        if ((await counted(`chat:unique:${channelId}:${hash}`, CHAT_UNIQUE_WINDOW_SECONDS * 1000, 1)) !== null) {
          return {
            code: 'duplicate_message',
            message: 'Unique chat is on: this message was just sent. Say something new.',
          };
        }
      }
      const chatUser: ChatUser = {
        handle: identity.handle,
        displayName: identity.displayName,
        badges: badgesOf(sender),
      };
      const sentAt = now.toISOString();
      const entry = encodeEntry({
        k: 'message',
        u: identity.userId,
        f: { text: decision.text, user: chatUser, sentAt, ...(nonce === undefined ? {} : { nonce }) },
      });
      const { id } = await deps.journal.append(journalKey(channelId), entry);
      deps.messages.add({
        channelId,
        channelHandle: state.handle,
        id,
        userId: identity.userId,
        user: chatUser,
        text: decision.text,
        sentAt: now,
      });
      return null;
    },
  };
}

export type SendFlow = ReturnType<typeof createSendFlow>;
