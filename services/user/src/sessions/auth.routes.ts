import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuthProviders, AuthResult, LoginBody, REFRESH_COOKIE, RefreshBody, RegisterBody } from '@framecast/contracts';
import { AppError, type Config, NoContent, problems } from '@framecast/kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService } from '../accounts/account.service.js';
import { toUser } from '../accounts/account.view.js';
import { emptyBodyAsObject } from '../http.schemas.js';
import type { UserSettings } from '../user.settings.js';
import type { AccountRow } from '../user.tables.js';
import { allowedOrigins, fromAllowedOrigin, originRefused } from './origin.check.js';
import { clearedCookieOptions, refreshCookieOptions } from './session.cookie.js';
import type { SessionService, SessionTokens } from './session.service.js';

export interface AuthRouteDeps {
  accounts: AccountService;
  sessions: SessionService;
  config: Config;
  settings: UserSettings;
}

type SessionMode = 'cookie' | 'token';

const noSession = () =>
  AppError.unauthorized('invalid_refresh_token', 'There is no session to refresh. Sign in again.');

/** Register, sign in, refresh and sign out; the refresh token travels in a cookie or, on request, in the body. */
export function authRoutes(deps: AuthRouteDeps) {
  const { accounts, sessions, config, settings } = deps;
  const site = { publicUrl: config.publicUrl, refreshTokenTtlSeconds: settings.refreshTokenTtlSeconds };

  /** Browsers get the refresh token only as an httpOnly cookie; `token` clients get it in the body. */
  const respond = (reply: FastifyReply, account: AccountRow, tokens: SessionTokens, mode: SessionMode): AuthResult => {
    const result: AuthResult = { user: toUser(account), accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
    if (mode === 'token') return { ...result, refreshToken: tokens.refreshToken };
    reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, refreshCookieOptions(site));
    return result;
  };

  const origins = allowedOrigins(config.publicUrl, config.corsOrigins);
  const header = (request: FastifyRequest, name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };

  /**
   * The refresh token of the request. One from the cookie acts only for our own pages: the browser attaches it to
   * requests any site makes, so a cross-site request is refused with 403 before the cookie is used.
   */
  const presented = (request: FastifyRequest, body: RefreshBody): { token?: string; mode: SessionMode } => {
    if (body.refreshToken !== undefined) return { token: body.refreshToken, mode: 'token' };
    const token = request.cookies[REFRESH_COOKIE];
    const from = {
      origin: header(request, 'origin'),
      secFetchSite: header(request, 'sec-fetch-site'),
      referer: header(request, 'referer'),
    };
    if (token !== undefined && !fromAllowedOrigin(from, origins)) throw originRefused();
    return { token, mode: 'cookie' };
  };

  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/auth/register',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an account and sign in',
          body: RegisterBody,
          response: { 201: AuthResult, ...problems(400, 409) },
        },
      },
      async (request, reply) => {
        const account = await accounts.register(request.body);
        const tokens = await sessions.start(account);
        reply.status(201);
        return respond(reply, account, tokens, request.body.session ?? 'cookie');
      },
    );

    app.post(
      '/api/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in with an email or handle and a password',
          body: LoginBody,
          response: { 200: AuthResult, ...problems(400, 401) },
        },
      },
      async (request, reply) => {
        const account = await accounts.login(request.body);
        const tokens = await sessions.start(account);
        return respond(reply, account, tokens, request.body.session ?? 'cookie');
      },
    );

    app.post(
      '/api/auth/refresh',
      {
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['auth'],
          summary: 'Exchange the refresh token for a new access token and a new refresh token',
          description: 'Reads the refresh cookie, or `refreshToken` in the body for `session: "token"` clients.',
          body: RefreshBody,
          response: { 200: AuthResult, ...problems(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { token, mode } = presented(request, request.body);
        try {
          if (!token) throw noSession();
          const { account, ...tokens } = await sessions.refresh(token);
          return respond(reply, account, tokens, mode);
        } catch (error) {
          // A dead session's cookie is dropped so the browser stops sending it.
          if (mode === 'cookie' && error instanceof AppError && error.status === 401) {
            reply.clearCookie(REFRESH_COOKIE, clearedCookieOptions(site));
          }
          throw error;
        }
      },
    );

    app.post(
      '/api/auth/logout',
      {
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['auth'],
          summary: 'End the session on every device that shares its refresh token family',
          body: RefreshBody,
          response: { 204: NoContent, ...problems(400, 403) },
        },
      },
      async (request, reply) => {
        const { token } = presented(request, request.body);
        if (token) await sessions.end(token);
        reply.clearCookie(REFRESH_COOKIE, clearedCookieOptions(site));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/providers',
      {
        schema: {
          tags: ['auth'],
          summary: 'How people can sign in on this site',
          response: { 200: AuthProviders },
        },
      },
      async () => ({ password: true, oidc: settings.oidc ? { name: settings.oidc.name } : null }),
    );
  };
}
