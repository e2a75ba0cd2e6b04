import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { JWKS_PATH } from '@framecast/contracts';
import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import type { AccessTokenIssuer } from './access-token.issuer.js';

const PublicJwk = Type.Object({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
});

const Jwks = Type.Object({ keys: Type.Array(PublicJwk) });

/** The public keys that verify access tokens. Only public members are declared, so nothing else can be serialised. */
export function jwksRoutes(issuer: AccessTokenIssuer) {
  return async (scope: FastifyInstance) => {
    scope.withTypeProvider<TypeBoxTypeProvider>().get(
      JWKS_PATH,
      {
        schema: {
          tags: ['auth'],
          summary: 'Public keys that verify access tokens (JWKS)',
          response: { 200: Jwks },
        },
      },
      async (_request, reply) => {
        // Verifiers refetch on an unknown `kid`, so five minutes of caching never blocks a new key.
        reply.header('cache-control', 'public, max-age=300');
        return (await issuer.jwks()) as Static<typeof Jwks>;
      },
    );
  };
}
