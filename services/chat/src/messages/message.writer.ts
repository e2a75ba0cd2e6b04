import { type ChatUser, chatMentions } from '@framecast/contracts';
import type { ModuleOutbox } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { accountStore } from '../accounts/account.store.js';
import type { ChatMetrics } from '../chat.metrics.js';
import { jsonb, scoped } from '../chat.tables.js';

export interface SentMessage {
  channelId: string;
  channelHandle: string;
  id: string;
  userId: string;
  user: ChatUser;
  text: string;
  sentAt: Date;
}

const EXCERPT = 140;

/** Per room: how many messages, from how many people, between which instants. Pure. */
export function summarise(batch: readonly SentMessage[]) {
  const rooms = new Map<string, { handle: string; count: number; chatters: Set<string>; from: Date; to: Date }>();
  for (const m of batch) {
    const room = rooms.get(m.channelId);
    if (!room) {
      rooms.set(m.channelId, {
        handle: m.channelHandle,
        count: 1,
        chatters: new Set([m.userId]),
        from: m.sentAt,
        to: m.sentAt,
      });
      continue;
    }
    room.count += 1;
    room.chatters.add(m.userId);
    if (m.sentAt < room.from) room.from = m.sentAt;
    if (m.sentAt > room.to) room.to = m.sentAt;
  }
  return [...rooms].map(([channelId, r]) => ({
    channelId,
    channelHandle: r.handle,
    count: r.count,
    chatters: r.chatters.size,
    from: r.from.toISOString(),
    to: r.to.toISOString(),
  }));
}

/**
 * Stores sent messages in batches (every `flushMs`, or sooner once `maxBatch` wait), each batch one transaction: the
 * rows, one `chat.messages` event per room counting them, and a `chat.mention` per account named with `@handle`. So
 * a busy room costs the database one insert and a few events a flush, not a write per message. A batch that fails
 * is tried again at the next flush; past `maxPending` waiting, the oldest are dropped (counted, logged): the chat
 * itself never waits for the database.
 */
export function createMessageWriter(deps: {
  db: Kysely<any>;
  outbox: ModuleOutbox;
  logger: Logger;
  metrics: ChatMetrics;
  flushMs?: number;
  maxBatch?: number;
  maxPending?: number;
}) {
  const flushMs = deps.flushMs ?? 250;
  const maxBatch = deps.maxBatch ?? 500;
  const maxPending = deps.maxPending ?? 50_000;
  let pending: SentMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> | null = null;
  let stopped = false;

  const store = async (batch: SentMessage[]) => {
    await deps.db.transaction().execute(async (trx) => {
      const db = scoped(trx);
      await db
        .insertInto('messages')
        .values(
          batch.map((m) => ({
            channel_id: m.channelId,
            id: m.id,
            user_id: m.userId,
            handle: m.user.handle,
            display_name: m.user.displayName,
            badges: jsonb(m.user.badges),
            text: m.text,
            sent_at: m.sentAt,
          })),
        )
        .onConflict((c) => c.columns(['channel_id', 'id']).doNothing())
        .execute();
      for (const summary of summarise(batch)) await deps.outbox.write(trx, 'chat.messages', summary);
      const named = batch.map((m) => ({ m, handles: chatMentions(m.text).filter((h) => h !== m.user.handle) }));
      const handles = [...new Set(named.flatMap((n) => n.handles))];
      const accounts = new Map((await accountStore.byHandles(db, handles)).map((a) => [a.handle, a]));
      for (const { m, handles: mentioned } of named) {
        for (const handle of mentioned) {
          const account = accounts.get(handle);
          if (!account || account.user_id === m.userId) continue;
          await deps.outbox.write(trx, 'chat.mention', {
            channelId: m.channelId,
            channelHandle: m.channelHandle,
            messageId: m.id,
            fromUserId: m.userId,
            fromHandle: m.user.handle,
            mentionedUserId: account.user_id,
            mentionedHandle: account.handle,
            excerpt: [...m.text].slice(0, EXCERPT).join(''),
            sentAt: m.sentAt.toISOString(),
          });
        }
      }
    });
  };

  const flush = async () => {
    timer = undefined;
    while (pending.length > 0) {
      const batch = pending.slice(0, maxBatch);
      try {
        await store(batch);
        pending = pending.slice(batch.length);
        deps.metrics.stored.inc(batch.length);
      } catch (err) {
        deps.logger.error({ err, messages: batch.length }, 'chat messages could not be stored; trying again');
        if (!stopped) timer ??= setTimeout(() => run(), flushMs * 4);
        return;
      }
    }
  };

  const run = () => {
    flushing ??= flush().finally(() => {
      flushing = null;
    });
    return flushing;
  };

  return {
    add(message: SentMessage) {
      pending.push(message);
      if (pending.length > maxPending) {
        const dropped = pending.length - maxPending;
        pending.splice(0, dropped);
        deps.metrics.unstored.inc(dropped);
        deps.logger.error({ dropped }, 'chat messages dropped: the database is not keeping up');
      }
      if (stopped) return;
      if (pending.length >= maxBatch) void run();
      else timer ??= setTimeout(() => run(), flushMs);
    },
    /** Resolves once everything added so far is stored (or failed this time). */
    async drain() {
      clearTimeout(timer);
      timer = undefined;
      await flushing;
      await run();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await flushing;
      await run();
    },
  };
}

export type MessageWriter = ReturnType<typeof createMessageWriter>;
