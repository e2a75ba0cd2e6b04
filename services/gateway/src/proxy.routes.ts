import httpProxy from '@fastify/http-proxy';
import type { ModuleName, RemoteModule } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import { INTERNAL_HEADER } from './graphql/graphql.upstream.js';

/**
 * Microservices mode: each path prefix of a module served elsewhere is proxied to that module's URL. A prefix may
 * have parameters (`/api/channels/:handle/videos`): the router prefers a parametric segment to another module's
 * wildcard, so that longer prefix wins over a shorter one (`/api/channels`) and the rest stays with its owner.
 */
export async function proxyRoutes(app: FastifyInstance, opts: { remotes: ReadonlyMap<ModuleName, RemoteModule> }) {
  for (const [name, remote] of opts.remotes) {
    for (const prefix of remote.prefixes) {
      await app.register(httpProxy, {
        upstream: remote.url,
        prefix,
        rewritePrefix: prefix,
        // The upstream sees the caller's request id, so one id follows a request across processes; the gateway's
        // internal mark stays in this process.
        replyOptions: {
          rewriteRequestHeaders: (request, headers) => {
            const { [INTERNAL_HEADER]: _internal, ...rest } = headers;
            return { ...rest, 'x-request-id': String(request.id) };
          },
        },
        logLevel: 'warn',
        httpMethods: ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'],
      });
      app.log.debug({ module: name, prefix, upstream: remote.url }, 'proxying');
    }
  }
}
