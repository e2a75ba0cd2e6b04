import { randomBytes } from 'node:crypto';
import { createRealtimeHub, type ServiceModule } from '@framecast/kit';
import { docsRoutes } from './docs.routes.js';
import { registerEdge } from './edge.js';
import { gatewaySettingsSchema, toGatewaySettings } from './gateway.settings.js';
import { graphqlRoutes } from './graphql/graphql.routes.js';
import { proxyRoutes } from './proxy.routes.js';
import { socketProxyRoutes } from './socket.proxy.js';
import { webRoutes } from './web.routes.js';

/**
 * The edge of the platform: security headers, CORS, rate limits, OpenAPI docs, the web app, the real-time hub
 * (`/api/realtime`, where every page's socket lands whichever process publishes), GraphQL over the modules' HTTP
 * APIs (`/api/graphql`), and (in microservices mode) a reverse proxy to the modules that run in other processes. In all-in-one mode the modules' routes live in the
 * same server, so the gateway's edge applies to them directly.
 */
export const gatewayModule: ServiceModule<typeof gatewaySettingsSchema, 'gateway'> = {
  name: 'gateway',
  settings: gatewaySettingsSchema,
  deps: ['user'],
  prefixes: [],
  async init(ctx) {
    const settings = toGatewaySettings(ctx.settings);
    const remoteChecks = [...ctx.remotes.values()];
    // Marks GraphQL's look-ups through this process's router; made anew at every start, known to nothing else.
    const internalKey = randomBytes(24).toString('base64url');
    const realtime = createRealtimeHub({
      pubsub: ctx.pubsub,
      prefix: ctx.config.redisKeyPrefix,
      settings: settings.realtime,
      metrics: ctx.metrics,
      logger: ctx.logger,
      auth: ctx.auth,
    });
    return {
      edge: (app) =>
        registerEdge(app, { config: ctx.config, limits: settings.rateLimit, cache: ctx.cache, internalKey }),
      async routes(app) {
        await realtime.routes(app);
        await socketProxyRoutes(app, { remotes: ctx.remotes });
        await proxyRoutes(app, { remotes: ctx.remotes });
        await docsRoutes(app, { remotes: ctx.remotes });
        await graphqlRoutes(app, { ...settings.graphql, internalKey });
        await webRoutes(app, { webDir: settings.webDir });
      },
      stop: () => realtime.close(),
      async ready() {
        const answers = await Promise.all(
          remoteChecks.map((remote) =>
            fetch(`${remote.url}/healthz`, { signal: AbortSignal.timeout(1_500) }).then(
              (res) => res.ok,
              () => false,
            ),
          ),
        );
        return answers.every(Boolean);
      },
    };
  },
};
