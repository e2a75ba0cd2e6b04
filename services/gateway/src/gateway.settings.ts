import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RealtimeSettings, realtimeSettingsSchema, toRealtimeSettings } from '@framecast/kit';
import Type, { type Static } from 'typebox';
import type { QueryLimits } from './graphql/graphql.limits.js';

/** The microfrontend builds, `microfrontends/<name>/dist`, unless WEB_DIR says otherwise. */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../microfrontends', import.meta.url));

/** The gateway's environment variables (documented in docs/operations.md), the real-time hub's among them. */
export const gatewaySettingsSchema = Type.Object({
  WEB_DIR: Type.Optional(Type.String({ minLength: 1 })),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 600 }),
  RATE_LIMIT_USER_PER_MINUTE: Type.Integer({ minimum: 1, default: 1200 }),
  AUTH_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
  MEDIA_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 6000 }),
  GRAPHQL_MAX_DEPTH: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  GRAPHQL_MAX_COST: Type.Integer({ minimum: 1, default: 1000 }),
  GRAPHIQL: Type.Optional(Type.Boolean()),
  NODE_ENV: Type.Optional(Type.String()),
  ...realtimeSettingsSchema.properties,
});

/**
 * Requests a minute each bucket allows: an anonymous address, a signed-in account, sign-in attempts of an address, and
 * the media files (playlists, segments, parts) an address plays.
 */
export interface RateLimits {
  perMinute: number;
  userPerMinute: number;
  authPerMinute: number;
  mediaPerMinute: number;
}

/** The gateway's settings, as its code uses them. */
export interface GatewaySettings {
  /** Where the built microfrontends are (`<name>/dist`). */
  webDir: string;
  rateLimit: RateLimits;
  realtime: RealtimeSettings;
  graphql: {
    limits: QueryLimits;
    /** GraphiQL at `/api/graphiql`: GRAPHIQL, else on when NODE_ENV is `development`. */
    graphiql: boolean;
  };
}

/** Pure. */
export function toGatewaySettings(env: Static<typeof gatewaySettingsSchema>): GatewaySettings {
  return {
    webDir: env.WEB_DIR ? resolve(env.WEB_DIR) : DEFAULT_WEB_DIR,
    rateLimit: {
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      userPerMinute: env.RATE_LIMIT_USER_PER_MINUTE,
      authPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
      mediaPerMinute: env.MEDIA_RATE_LIMIT_PER_MINUTE,
    },
    realtime: toRealtimeSettings(env),
    graphql: {
      limits: { maxDepth: env.GRAPHQL_MAX_DEPTH, maxCost: env.GRAPHQL_MAX_COST },
      graphiql: env.GRAPHIQL ?? env.NODE_ENV === 'development',
    },
  };
}
