import { timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { Cache } from '@framecast/adapters';
import type { Config } from '@framecast/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { RateLimits } from './gateway.settings.js';
import { INTERNAL_HEADER } from './graphql/graphql.upstream.js';
import { cacheRateLimitStore } from './rate-limit.store.js';

/** Sign-in and sign-up are guessable: they get a tighter limit per address than the rest of the API. */
const CREDENTIAL_ROUTES = new Set(['/api/auth/login', '/api/auth/register']);

export type LimitKind = 'credentials' | 'media' | 'user' | 'ip';

type LimitedRequest = Pick<FastifyRequest, 'method' | 'ip' | 'identity' | 'params'> & {
  routeOptions: { url?: string | undefined };
};

/**
 * The route a request matched, never its raw URL: `/api/auth/%6cogin` and `/api/auth/login/` are the login route.
 * A proxied prefix (`/api/auth/*`, microservices mode) is completed with its wildcard, which the router has already
 * percent-decoded, so the module behind the proxy is limited by the same names.
 */
export function matchedRoute(request: Pick<LimitedRequest, 'routeOptions' | 'params'>): string | undefined {
  const template = request.routeOptions.url;
  if (!template?.endsWith('*')) return template;
  const rest = (request.params as Record<string, unknown> | undefined)?.['*'];
  return `${template.slice(0, -1)}${typeof rest === 'string' ? rest : ''}`.replace(/\/+$/, '');
}

/** Which bucket a request counts against, and how big that bucket is. */
export function limitFor(request: LimitedRequest, limits: RateLimits): { key: string; kind: LimitKind; max: number } {
  const route = matchedRoute(request);
  if (request.method === 'POST' && route !== undefined && CREDENTIAL_ROUTES.has(route)) {
    return { key: `credentials:${request.ip}`, kind: 'credentials', max: limits.authPerMinute };
  }
  // A low-latency HLS player alone asks for about 20 files a second (the parts and blocking playlist reloads of video
  // and audio): counted with the API, one viewer would run out within a minute, and a creator's preview beside a
  // viewer's tab at once. Players send no token, so media counts by address, in a bucket of its own.
  if (route?.startsWith('/media/')) return { key: `media:${request.ip}`, kind: 'media', max: limits.mediaPerMinute };
  if (request.identity) return { key: `user:${request.identity.userId}`, kind: 'user', max: limits.userPerMinute };
  return { key: `ip:${request.ip}`, kind: 'ip', max: limits.perMinute };
}

/** Whether a request is one of the gateway's own look-ups for a GraphQL query (counted once, as that query). */
export function isInternal(request: Pick<FastifyRequest, 'headers'>, internalKey: string | undefined): boolean {
  const mark = request.headers[INTERNAL_HEADER];
  if (internalKey === undefined || typeof mark !== 'string' || mark.length !== internalKey.length) return false;
  return timingSafeEqual(Buffer.from(mark), Buffer.from(internalKey));
}

/**
 * Security headers, CORS and rate limits for every route the process serves. `internalKey` marks the gateway's own
 * requests (GraphQL's look-ups), which the rate limit leaves alone.
 */
export async function registerEdge(
  app: FastifyInstance,
  opts: { config: Config; limits: RateLimits; cache: Cache; internalKey?: string },
) {
  const { config, limits } = opts;
  // Built once: @fastify/helmet builds a new middleware on every request, which costs a quarter of the edge's CPU.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
    hsts: config.publicUrl.startsWith('https:'),
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after', 'location', 'upload-offset', 'upload-length', 'tus-resumable'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    // After authentication, so signed-in users are counted by account rather than by address.
    hook: 'preHandler',
    timeWindow: 60_000,
    store: cacheRateLimitStore(opts.cache),
    keyGenerator: (request) => limitFor(request, limits).key,
    max: (request) => limitFor(request, limits).max,
    allowList: (request) =>
      request.url === '/healthz' ||
      request.url === '/readyz' ||
      request.url === '/metrics' ||
      isInternal(request, opts.internalKey),
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`Too many requests; try again in ${context.after}.`) as Error & { statusCode: number };
      error.statusCode = 429;
      return error;
    },
  });
}
