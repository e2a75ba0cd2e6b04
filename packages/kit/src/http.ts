import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import { errorCodes } from '@framecast/contracts/errors';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { httpMetrics } from './metrics.js';
import { errorHandler, notFoundHandler, toAppError } from './problem.js';
import { bodyRateGuard } from './slow.guard.js';
import { nulGuard } from './text.guard.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
/**
 * Where a request the router cannot take (a malformed percent-encoding, an over-long parameter) is routed instead, so
 * that it passes every hook (request id, security headers, CORS) and its error is a problem like any other.
 */
const UNROUTABLE = '/_framecast/unroutable';

/**
 * Bodies are validated strictly (no type coercion, unknown fields rejected by the schemas);
 * query strings, params and headers are text on the wire, so they are coerced.
 */
function validators() {
  const options = { allErrors: false, strict: false, removeAdditional: false, useDefaults: true } as const;
  const body = addFormats.default(new Ajv({ ...options, coerceTypes: false }));
  const text = addFormats.default(new Ajv({ ...options, coerceTypes: 'array' }));
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? body : text).compile(schema);
}

/** The HTTP server every process runs: request ids, JSON logs, problem+json errors, RED metrics, OpenAPI. */
export async function createHttpServer(opts: {
  config: Config;
  logger: Logger;
  metrics: Registry;
}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.config.bodyLimitBytes,
    trustProxy: opts.config.trustProxy.length > 0 ? opts.config.trustProxy : false,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Slow clients: headers must arrive in time, an idle socket is closed, and bodies keep a minimum rate (below).
    // There is no total request timeout: a large upload on a slow line may take hours and still be real.
    http: {
      headersTimeout: opts.config.http.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.round(opts.config.http.headersTimeoutMs / 4))),
    },
    connectionTimeout: opts.config.http.idleTimeoutMs,
    return503OnClosing: true,
    frameworkErrors: (error, request, reply) => {
      unroutable.set(request.raw, toAppError(error));
      request.raw.url = UNROUTABLE;
      app.routing(request.raw, reply.raw);
    },
  });
  const unroutable = new WeakMap<object, AppError>();
  app.all(UNROUTABLE, { schema: { hide: true } }, async (request) => {
    throw (
      unroutable.get(request.raw) ?? AppError.notFound('route_not_found', `No route ${request.method} ${UNROUTABLE}.`)
    );
  });
  app.setValidatorCompiler(validators());
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook(
    'onRequest',
    bodyRateGuard({
      windowMs: opts.config.http.bodyRateWindowMs,
      minBytesPerSecond: opts.config.http.bodyMinBytesPerSecond,
    }),
  );
  // PostgreSQL refuses NUL in text: refused here, for every route, rather than as a database error later.
  app.addHook('preValidation', nulGuard);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  httpMetrics(app, opts.metrics);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Framecast API', version: '0.1.0', description: 'Live streaming and video on demand.' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        // The `code` of every problem is one of these (packages/contracts/src/errors); listed once, not per answer.
        schemas: { ErrorCode: { type: 'string', enum: errorCodes, description: 'The `code` of a problem.' } },
      },
    },
  });
  return app;
}
