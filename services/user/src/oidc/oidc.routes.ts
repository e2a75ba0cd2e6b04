import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { REFRESH_COOKIE } from '@framecast/contracts';
import { safeReturnTo } from '@framecast/contracts/rules';
import { AppError, type Config, problems } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { refreshCookieOptions } from '../sessions/session.cookie.js';
import type { SessionService } from '../sessions/session.service.js';
import type { UserSettings } from '../user.settings.js';
import type { IdentityService } from './identity.service.js';
import { CALLBACK_PATH, LOGIN_WINDOW_SECONDS, type OidcLogin } from './oidc.client.js';

/** Binds a sign-in to the browser that started it, so a stranger's callback link cannot sign you in as them. */
const STATE_COOKIE = 'framecast_oidc_state';
const STATE_COOKIE_PATH = '/api/auth/oidc';

const Redirect = Type.Null({ description: 'Redirect (see the Location header).' });

const StartQuery = Type.Object(
  { returnTo: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

/** The provider adds parameters of its own (`iss`, `session_state`…); openid-client checks them all. */
const CallbackQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 512 })),
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    error: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: true },
);

const notConfigured = () =>
  AppError.notFound('oidc_not_configured', 'Single sign-on is not set up on this site. Sign in with a password.');

/** Sign-in through the configured OpenID Connect provider; ends with a cookie session and a redirect back. */
export function oidcRoutes(deps: {
  login: OidcLogin | null;
  identities: IdentityService;
  sessions: SessionService;
  config: Config;
  settings: UserSettings;
}) {
  const { login, identities, sessions, config, settings } = deps;
  const site = { publicUrl: config.publicUrl, refreshTokenTtlSeconds: settings.refreshTokenTtlSeconds };
  const stateCookie = {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: STATE_COOKIE_PATH,
    secure: config.publicUrl.startsWith('https://'),
  };

  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/auth/oidc/start',
      {
        schema: {
          tags: ['auth'],
          summary: 'Start signing in with the configured OpenID Connect provider',
          querystring: StartQuery,
          response: { 302: Redirect, ...problems(400, 404, 503) },
        },
      },
      async (request, reply) => {
        if (!login) throw notConfigured();
        const { url, state } = await login.start(safeReturnTo(request.query.returnTo));
        reply.setCookie(STATE_COOKIE, state, { ...stateCookie, maxAge: LOGIN_WINDOW_SECONDS });
        return reply.redirect(url.href, 302);
      },
    );

    app.get(
      CALLBACK_PATH,
      {
        schema: {
          tags: ['auth'],
          summary: 'Where the OpenID Connect provider sends the person back',
          querystring: CallbackQuery,
          response: { 302: Redirect, ...problems(400, 404, 409, 503) },
        },
      },
      async (request, reply) => {
        if (!login) throw notConfigured();
        const state = request.query.state;
        const bound = request.cookies[STATE_COOKIE];
        reply.clearCookie(STATE_COOKIE, stateCookie);
        if (!state || !bound || bound !== state) {
          throw AppError.badRequest(
            'oidc_state_invalid',
            'This sign-in did not start in this browser, or took too long. Start signing in again.',
          );
        }
        const { identity, returnTo } = await login.finish(new URL(`${config.publicUrl}${request.url}`), state);
        const account = await identities.signIn(identity);
        const { refreshToken } = await sessions.start(account);
        reply.setCookie(REFRESH_COOKIE, refreshToken, refreshCookieOptions(site));
        return reply.redirect(safeReturnTo(returnTo), 302);
      },
    );
  };
}
