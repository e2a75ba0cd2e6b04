import { accessTokenClaims, type Role, roles } from '@framecast/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, customFetch, errors, type FetchImplementation, jwtVerify } from 'jose';
import { type AccountStates, accountStateError } from './account.state.js';
import { AppError } from './errors.js';

/** Who made a request, from a verified access token. */
export interface Identity {
  userId: string;
  handle: string;
  /** The display name when the token was issued (the handle for tokens that carry none). */
  displayName: string;
  roles: Role[];
}

/** Verifies an access token; throws `AppError` 401 (`invalid_token`, `token_expired`) when it is not good. */
export interface AccessVerifier {
  verify(token: string): Promise<Identity>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set from a valid `Authorization: Bearer` access token; absent for anonymous requests. */
    identity?: Identity;
  }
}

/**
 * Verifies tokens against the user module's JWKS, fetched from `jwksUrl` (cached, refetched on an unknown `kid`).
 * `fetch` replaces the network fetch: in-process, the JWKS is read straight from the local user module's route.
 */
export function createAccessVerifier(opts: { jwksUrl: string; fetch?: FetchImplementation }): AccessVerifier {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), {
    cooldownDuration: 5_000,
    ...(opts.fetch ? { [customFetch]: opts.fetch } : {}),
  });
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: accessTokenClaims.issuer,
          audience: accessTokenClaims.audience,
          algorithms: [accessTokenClaims.algorithm],
        });
        const tokenRoles = Array.isArray(payload.roles) ? payload.roles : [];
        if (typeof payload.sub !== 'string' || typeof payload.handle !== 'string') {
          throw AppError.unauthorized('invalid_token', 'The access token is missing its subject.');
        }
        return {
          userId: payload.sub,
          handle: payload.handle,
          displayName: typeof payload.name === 'string' && payload.name !== '' ? payload.name : payload.handle,
          roles: tokenRoles.filter((r): r is Role => (roles as readonly unknown[]).includes(r)),
        };
      } catch (error) {
        throw toAuthError(error);
      }
    },
  };
}

function toAuthError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) {
    return AppError.unauthorized('token_expired', 'The access token has expired; refresh the session.');
  }
  if (error instanceof errors.JOSEError) {
    return AppError.unauthorized('invalid_token', 'The access token is not valid.');
  }
  return new AppError(503, 'auth_unavailable', 'Sign-in cannot be checked right now; try again shortly.', undefined, {
    cause: error,
  });
}

const BEARER = /^Bearer ([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*\.[A-Za-z0-9\-_=]*)$/;

/**
 * `onRequest` hook: sets `request.identity` from a Bearer token; a bad token, or one of an account that was deleted
 * (or suspended) since it was issued, is answered 401.
 */
export function identityHook(verifier: AccessVerifier, states: AccountStates) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = BEARER.exec(header);
    if (!match?.[1]) {
      throw AppError.unauthorized('invalid_authorization', 'The Authorization header must be "Bearer <access token>".');
    }
    const identity = await verifier.verify(match[1]);
    const state = await states.of(identity.userId).catch((error: unknown) => {
      throw new AppError(
        503,
        'auth_unavailable',
        'Sign-in cannot be checked right now; try again shortly.',
        undefined,
        {
          cause: error,
        },
      );
    });
    if (state) throw accountStateError(state);
    request.identity = identity;
  };
}

/** The caller's identity, or 401 when the request is anonymous. */
export function requireIdentity(request: FastifyRequest): Identity {
  if (!request.identity) throw AppError.unauthorized('authentication_required', 'Sign in to do this.');
  return request.identity;
}

/** The caller's identity when it holds `role`; 401 anonymous, 403 otherwise. */
export function requireRole(request: FastifyRequest, role: Role): Identity {
  const identity = requireIdentity(request);
  if (!identity.roles.includes(role)) {
    throw AppError.forbidden('forbidden', `This needs the ${role} role.`);
  }
  return identity;
}
