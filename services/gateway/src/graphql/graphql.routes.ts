import type { ErrorCode } from '@framecast/contracts/errors';
import { AppError } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import { buildSchema, GraphQLError, printSchema } from 'graphql';
import mercurius, { type IResolvers, type MercuriusContext } from 'mercurius';
import { graphqlError } from './graphql.errors.js';
import { type QueryLimits, queryLimitsRule } from './graphql.limits.js';
import { createLoaders } from './graphql.loaders.js';
import { type GraphQLContext, resolvers } from './graphql.resolvers.js';
import { typeDefs } from './graphql.schema.js';
import { upstream } from './graphql.upstream.js';

export const GRAPHQL_PATH = '/api/graphql';
export const SCHEMA_PATH = '/api/graphql/schema.graphql';
export const GRAPHIQL_PATH = '/api/graphiql';

/** The schema as SDL, what `GET /api/graphql/schema.graphql` answers. */
export const schemaText = printSchema(buildSchema(typeDefs));

/** Tokens a query may hold: far above any real query, far below what takes long to parse. */
const MAX_TOKENS = 5_000;

/** GraphiQL's page loads its scripts and styles from unpkg.com (as mercurius ships it); only its pages allow that. */
const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "img-src 'self' data: https://unpkg.com",
  "font-src 'self' data: https://unpkg.com",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphQL at `/api/graphql` (GET for queries, POST with `{query, variables, operationName}`), its SDL at
 * `/api/graphql/schema.graphql`, and GraphiQL at `/api/graphiql` when `graphiql` is on. Queries over the depth or
 * cost limit are refused before anything runs; every look-up goes to the modules' HTTP APIs as the caller.
 */
export async function graphqlRoutes(
  app: FastifyInstance,
  opts: { limits: QueryLimits; graphiql: boolean; internalKey: string },
) {
  app.get(
    SCHEMA_PATH,
    {
      schema: {
        tags: ['graphql'],
        summary: 'The GraphQL schema (SDL) served at /api/graphql',
        produces: ['text/plain'],
        response: { 200: { type: 'string' } },
      },
    },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(schemaText),
  );

  await app.register(async (scope) => {
    if (opts.graphiql) {
      scope.addHook('onSend', async (request, reply) => {
        if (request.url.startsWith(GRAPHIQL_PATH)) reply.header('content-security-policy', GRAPHIQL_CSP);
      });
    }
    await scope.register(mercurius, {
      schema: typeDefs,
      // The resolvers are typed by the module shapes they read, not by mercurius's loose map.
      resolvers: resolvers as unknown as IResolvers,
      prefix: '/api',
      path: '/graphql',
      graphiql: opts.graphiql,
      allowBatchedQueries: false,
      validationRules: [queryLimitsRule(opts.limits)],
      graphql: { parseOptions: { maxTokens: MAX_TOKENS } },
      context: (request): GraphQLContext => {
        const api = upstream(scope, request, opts.internalKey);
        return { api, loaders: createLoaders(api), viewerHandle: request.identity?.handle ?? null };
      },
      errorFormatter: (execution, context) => {
        const errors = execution.errors.map((error) => withCode(error, context));
        const formatted = mercurius.defaultErrorFormatter({ ...execution, errors }, context);
        // A request refused before it ran is one error gathering every reason; mercurius keeps its status (400)
        // only when there is a single reason.
        const refused = (execution.errors[0]?.originalError as Thrown | undefined)?.statusCode;
        if (!execution.data && execution.errors.length === 1 && typeof refused === 'number') {
          return { ...formatted, statusCode: refused };
        }
        return formatted;
      },
    });
  });
}

type Thrown = Error & { errors?: unknown; statusCode?: number };

const REFUSALS: Partial<Record<number, ErrorCode>> = {
  413: 'body_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Every error answered carries a catalog code: the modules' codes and our limits' pass as they are; graphql's own
 * refusals (syntax, unknown fields, variables that do not fit) become `graphql_invalid`; anything else is a fault of
 * ours, logged with the request id and answered `internal_error` without its internals.
 */
function withCode(error: GraphQLError, context: MercuriusContext): GraphQLError {
  if (error.extensions?.code) return error;
  const original = error.originalError as Thrown | undefined;
  if (original && Array.isArray(original.errors)) {
    // Mercurius gathers parse and validation errors under one error; each is answered.
    const invalid = { code: 'graphql_invalid', status: 400 };
    for (const inner of original.errors as (Error & { extensions?: Record<string, unknown> })[]) {
      if (inner instanceof GraphQLError) {
        if (!inner.extensions.code) Object.assign(inner.extensions, invalid);
      } else if (inner instanceof Error) {
        // A body the route's schema refuses: mercurius turns it into a GraphQL error with these extensions.
        inner.extensions = { ...inner.extensions, ...invalid };
      }
    }
    return error;
  }
  // graphql's own refusals at execution (an operation the schema has no root for) carry no original error.
  if (!original) {
    return new GraphQLError(error.message, {
      ...(error.nodes ? { nodes: error.nodes } : {}),
      extensions: { code: 'graphql_invalid', status: 400 },
    });
  }
  if (original instanceof AppError) {
    // Refused by a hook before any query ran (a token that does not verify, a NUL in the body): its own code.
    return new GraphQLError(original.message, {
      originalError: Object.assign(new Error(original.message), { statusCode: original.status }),
      extensions: { code: original.code, status: original.status, ...original.details },
    });
  }
  const status = original.statusCode ?? 500;
  if (!(original instanceof GraphQLError) && status < 500) {
    // A request the route refused before any query ran (a body that is not JSON, too large, too many requests).
    const code = REFUSALS[status] ?? 'graphql_invalid';
    return new GraphQLError(original.message, { originalError: original, extensions: { code, status } });
  }
  (context.reply ?? context.app).log.error({ err: original, path: error.path }, 'GraphQL resolver failed');
  const masked = graphqlError('internal_error', 'Something went wrong on our side; it was logged with the request id.');
  return new GraphQLError(masked.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: masked.extensions,
  });
}
