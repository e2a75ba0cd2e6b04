import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@framecast/adapters';
import { NotificationPreferences, NotificationPreferencesUpdate } from '@framecast/contracts';
import { AppError, bearer, problems, requireIdentity } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { accountStore } from '../accounts/account.store.js';
import { type NotificationTables, scoped } from '../notification.tables.js';
import { preferenceStore } from './preference.store.js';
import { changedDeliveries } from './preferences.plan.js';

const tags = ['notifications'];

async function preferencesOf(db: Kysely<NotificationTables>, userId: string): Promise<NotificationPreferences> {
  const types = await preferenceStore.deliveries(db, userId);
  const bells = await preferenceStore.bells(db, userId);
  return {
    types,
    channels: bells.map((b) => ({ channel: { id: b.channel_id, handle: b.handle }, level: b.level ?? 'all' })),
  };
}

/** `/api/notifications/preferences`: what the caller hears of, per kind and delivery, and per followed channel. */
export function preferenceRoutes(deps: { db: Database }) {
  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/notifications/preferences',
      {
        schema: {
          tags,
          summary: "The caller's notification preferences, and the bell of each channel they follow",
          security: bearer,
          response: { 200: NotificationPreferences, ...problems(401) },
        },
      },
      async (request) => preferencesOf(scoped(deps.db.kysely), requireIdentity(request).userId),
    );

    app.put(
      '/api/notifications/preferences',
      {
        schema: {
          tags,
          summary: 'Change some preferences (what is not named stays); answers all of them',
          security: bearer,
          body: NotificationPreferencesUpdate,
          response: { 200: NotificationPreferences, ...problems(400, 401, 404) },
        },
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const { types, channels = [] } = request.body;
        return deps.db.kysely.transaction().execute(async (trx) => {
          const db = scoped(trx);
          const current = await preferenceStore.deliveries(db, userId);
          for (const { kind, delivery } of changedDeliveries(current, types)) {
            await preferenceStore.setDelivery(db, userId, kind, delivery);
          }
          const known = new Set(
            (
              await accountStore.byIds(
                db,
                channels.map((c) => c.channelId),
              )
            ).map((a) => a.user_id),
          );
          const unknown = channels.find((c) => !known.has(c.channelId));
          if (unknown) {
            throw new AppError(404, 'bell_channel_not_found', `No channel has the id ${unknown.channelId}.`, {
              field: 'channels',
            });
          }
          for (const { channelId, level } of channels) await preferenceStore.setBell(db, userId, channelId, level);
          return preferencesOf(db, userId);
        });
      },
    );
  };
}
