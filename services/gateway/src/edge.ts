import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { Cache } from '@framecast/adapters';
import type { Config } from '@framecast/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { cacheRateLimitStore } from './rate-limit.store.js';

/** Sign-in and sign-up are guessable: they get a tighter limit per address than the rest of the API. */
const CREDENTIAL_ROUTES = /^\/api\/auth\/(login|register)\b/;

export type LimitKind = 'credentials' | 'user' | 'ip';

/** Which bucket a request counts against, and how big that bucket is. */
export function limitFor(
  request: Pick<FastifyRequest, 'url' | 'method' | 'ip' | 'identity'>,
  limits: Config['rateLimit'],
): { key: string; kind: LimitKind; max: number } {
  if (request.method === 'POST' && CREDENTIAL_ROUTES.test(request.url)) {
    return { key: `credentials:${request.ip}`, kind: 'credentials', max: limits.authPerMinute };
  }
  if (request.identity) return { key: `user:${request.identity.userId}`, kind: 'user', max: limits.userPerMinute };
  return { key: `ip:${request.ip}`, kind: 'ip', max: limits.perMinute };
}

/** Security headers, CORS and rate limits for every route the process serves. */
export async function registerEdge(app: FastifyInstance, opts: { config: Config; cache: Cache }) {
  const { config } = opts;
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
    keyGenerator: (request) => limitFor(request, config.rateLimit).key,
    max: (request) => limitFor(request, config.rateLimit).max,
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz' || request.url === '/metrics',
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`Too many requests; try again in ${context.after}.`) as Error & { statusCode: number };
      error.statusCode = 429;
      return error;
    },
  });
}
