import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@framecast/adapters';
import { notificationKinds } from '@framecast/contracts';
import { AppError, problems } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { scoped } from '../notification.tables.js';
import { preferenceStore } from '../preferences/preference.store.js';
import { escapeHtml } from './mail.templates.js';
import { verifyUnsubscribe } from './unsubscribe.token.js';

const tags = ['notifications'];
const TokenParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const Unsubscribed = Type.Object({
  unsubscribed: Type.Union([Type.Enum(notificationKinds), Type.Literal('all')]),
});

/**
 * The one-click links of every e-mail (RFC 8058): a mail client POSTs `List-Unsubscribe=One-Click` to the link in
 * `List-Unsubscribe`, which carries who and what, signed; nobody needs to sign in. Opening the link in a browser
 * shows a button that does the same, so a link checker that follows links stops nothing.
 */
export function unsubscribeRoutes(deps: { db: Database; secret: string }) {
  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    // Mail clients send the one-click body as a form; its content is fixed and not needed.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    const verify = (token: string) => {
      const found = verifyUnsubscribe(deps.secret, token);
      if (!found) throw AppError.badRequest('unsubscribe_link_invalid', 'This unsubscribe link is not valid.');
      return found;
    };

    app.post(
      '/api/notifications/unsubscribe/:token',
      {
        schema: {
          tags,
          summary: 'One-click unsubscribe from e-mails (the List-Unsubscribe link of each e-mail)',
          params: TokenParams,
          response: { 200: Unsubscribed, ...problems(400) },
        },
      },
      async (request) => {
        const { userId, scope: what } = verify(request.params.token);
        await deps.db.kysely.transaction().execute(async (trx) => {
          const db = scoped(trx);
          const current = await preferenceStore.deliveries(db, userId);
          for (const kind of what === 'all' ? notificationKinds : [what]) {
            await preferenceStore.setDelivery(db, userId, kind, { ...current[kind], email: false });
          }
        });
        return { unsubscribed: what };
      },
    );

    app.get(
      '/api/notifications/unsubscribe/:token',
      {
        schema: {
          tags,
          summary: 'The page of an unsubscribe link (HTML): a button that unsubscribes',
          params: TokenParams,
        },
      },
      async (request, reply) => {
        const { scope: what } = verify(request.params.token);
        const which = what === 'all' ? 'notification e-mails' : `e-mails about ${kindWords[what]}`;
        return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head>
<body><main><h1>Stop ${escapeHtml(which)}?</h1>
<form method="post"><button type="submit">Unsubscribe</button></form></main></body></html>`);
      },
    );
  };
}

const kindWords = {
  live: 'channels going live',
  video: 'new videos',
  follow: 'new followers',
  mention: 'mentions in chat',
} as const;
