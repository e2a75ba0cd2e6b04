import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@framecast/adapters';
import { MarkNotificationsRead, NotificationPage, NotificationsReadResult } from '@framecast/contracts';
import {
  bearer,
  type Clock,
  decodeKeyset,
  keysetPage,
  PageQuery,
  problems,
  type RealtimePublisher,
  requireIdentity,
} from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { scoped } from '../notification.tables.js';
import { toItem } from './notice.plan.js';
import { noticeStore } from './notice.store.js';

const tags = ['notifications'];
const DEFAULT_LIMIT = 20;

/** `/api/notifications`: the reader's notifications, and marking them read (docs/api.md, "Notifications"). */
export function noticeRoutes(deps: { db: Database; clock: Clock; realtime: RealtimePublisher; logger: Logger }) {
  const db = scoped(deps.db.kysely);
  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/notifications',
      {
        schema: {
          tags,
          summary: "The caller's notifications, newest first, and how many are unread",
          security: bearer,
          querystring: PageQuery,
          response: { 200: NotificationPage, ...problems(400, 401) },
        },
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const limit = request.query.limit ?? DEFAULT_LIMIT;
        const cursor = request.query.cursor === undefined ? undefined : decodeKeyset(request.query.cursor, 'new');
        const rows = await noticeStore.page(db, userId, limit, cursor);
        const page = keysetPage(rows, limit, (row) => ({ sort: 'new', key: row.created_at, id: row.id }));
        return {
          items: page.items.map(toItem),
          unreadCount: await noticeStore.unreadCount(db, userId),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.post(
      '/api/notifications/read',
      {
        schema: {
          tags,
          summary: 'Mark notifications read: `{ids}` (the caller’s own) or `{all: true}`',
          security: bearer,
          body: MarkNotificationsRead,
          response: { 200: NotificationsReadResult, ...problems(400, 401) },
        },
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const marked = await noticeStore.markRead(db, userId, request.body, deps.clock.now());
        const unreadCount = await noticeStore.unreadCount(db, userId);
        // The caller's other pages redraw their bell; best effort, like every push.
        if (marked > 0) {
          await deps.realtime
            .publish(`user:${userId}`, { kind: 'notifications-read', unreadCount })
            .catch((err) => deps.logger.warn({ err }, 'the read notifications could not be pushed'));
        }
        return { unreadCount };
      },
    );
  };
}
