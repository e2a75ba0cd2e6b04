import type { Cache } from '@framecast/adapters';
import { AppError } from '@framecast/kit';
import * as client from 'openid-client';
import type { OidcSettings } from '../user.settings.js';
import type { ExternalIdentity } from './identity.service.js';

/** A sign-in in progress, kept in the cache under its `state` until the provider sends the person back. */
interface PendingLogin {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/** How long a person has to finish signing in at the provider. */
export const LOGIN_WINDOW_SECONDS = 600;
export const CALLBACK_PATH = '/api/auth/oidc/callback';

const pendingKey = (state: string) => `user:oidc:${state}`;

export interface OidcLogin {
  /** Where to send the browser, and the `state` that the callback must bring back (bound to a cookie). */
  start(returnTo: string): Promise<{ url: URL; state: string }>;
  /** Checks the provider's answer (state, PKCE, nonce, ID token) and returns who signed in and where to go. */
  finish(callbackUrl: URL, state: string): Promise<{ identity: ExternalIdentity; returnTo: string }>;
}

/**
 * OpenID Connect authorization code flow with PKCE, through openid-client. The provider's metadata is
 * discovered on first use and again after a failure, so the site starts even when the provider is down.
 */
export function createOidcLogin(deps: { oidc: OidcSettings; publicUrl: string; cache: Cache }): OidcLogin {
  const { oidc, cache } = deps;
  const redirectUri = `${deps.publicUrl}${CALLBACK_PATH}`;
  let discovered: Promise<client.Configuration> | null = null;

  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret,
        undefined,
        // Plain http is for local providers (development, tests); production issuers are https.
        oidc.issuer.startsWith('http://') ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = null;
        throw new AppError(
          503,
          'oidc_unavailable',
          `${oidc.name} cannot be reached right now. Try again shortly.`,
          undefined,
          { cause: error },
        );
      });
    return discovered;
  };

  return {
    async start(returnTo) {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const pending: PendingLogin = { codeVerifier, nonce, returnTo };
      await cache.set(pendingKey(state), JSON.stringify(pending), LOGIN_WINDOW_SECONDS * 1000);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state };
    },

    async finish(callbackUrl, state) {
      const stored = await cache.get(pendingKey(state));
      // One use only: a replayed callback finds nothing.
      await cache.del(pendingKey(state));
      if (!stored) {
        throw AppError.badRequest(
          'oidc_state_invalid',
          'This sign-in link has expired or was already used. Start signing in again.',
        );
      }
      const pending = JSON.parse(stored) as PendingLogin;
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new AppError(
          400,
          'oidc_failed',
          `Signing in with ${oidc.name} did not complete${describe(error)}. Try again.`,
          undefined,
          { cause: error },
        );
      }
      const claims = tokens.claims();
      if (!claims) throw AppError.badRequest('oidc_failed', `${oidc.name} did not send an ID token.`);
      return {
        identity: {
          issuer: claims.iss,
          subject: claims.sub,
          email: typeof claims.email === 'string' ? claims.email : undefined,
          emailVerified: claims.email_verified === true,
          preferredUsername: typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined,
          name: typeof claims.name === 'string' ? claims.name : undefined,
        },
        returnTo: pending.returnTo,
      };
    },
  };
}

/** The provider's own explanation (`access_denied: The user refused`), when it gave one. */
function describe(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError) {
    return `: ${error.error_description ?? error.error}`;
  }
  return '';
}
