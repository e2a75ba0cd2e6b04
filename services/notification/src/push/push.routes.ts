import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@framecast/adapters';
import { PushKey, PushSubscriptionBody, PushUnsubscribeBody } from '@framecast/contracts';
import { bearer, type Clock, NoContent, problems, requireIdentity } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import { scoped } from '../notification.tables.js';
import { pushStore } from './push.store.js';

const tags = ['notifications'];

/** `/api/notifications/push/…`: the VAPID key, and the browsers of the caller that take web push. */
export function pushRoutes(deps: { db: Database; clock: Clock; publicKey: string }) {
  const db = scoped(deps.db.kysely);
  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/notifications/push/key',
      {
        schema: {
          tags,
          summary: "The server's VAPID public key, the applicationServerKey of PushManager.subscribe",
          response: { 200: PushKey },
        },
      },
      async () => ({ publicKey: deps.publicKey }),
    );

    app.post(
      '/api/notifications/push/subscriptions',
      {
        schema: {
          tags,
          summary: "Take web push in this browser (the body is the PushSubscription's JSON)",
          security: bearer,
          body: PushSubscriptionBody,
          response: { 201: NoContent, ...problems(400, 401) },
        },
      },
      async (request, reply) => {
        const { userId } = requireIdentity(request);
        await pushStore.subscribe(db, userId, request.body, deps.clock.now());
        return reply.code(201).send(null);
      },
    );

    app.delete(
      '/api/notifications/push/subscriptions',
      {
        schema: {
          tags,
          summary: 'Stop web push to this browser `{endpoint}` (deleting twice changes nothing)',
          security: bearer,
          body: PushUnsubscribeBody,
          response: { 204: NoContent, ...problems(400, 401) },
        },
      },
      async (request, reply) => {
        const { userId } = requireIdentity(request);
        await pushStore.unsubscribe(db, userId, request.body.endpoint);
        return reply.code(204).send(null);
      },
    );
  };
}
