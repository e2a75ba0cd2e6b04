import Type, { type Static } from 'typebox';

/** The analytics module's environment variables (documented in docs/operations.md). */
export const analyticsSettingsSchema = Type.Object({
  ANALYTICS_FLUSH_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 5000 }),
  ANALYTICS_BEACONS_PER_MINUTE: Type.Integer({ minimum: 1, default: 240 }),
  ANALYTICS_VIEW_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 3600 }),
});

export type AnalyticsEnv = Static<typeof analyticsSettingsSchema>;

/** The analytics module's settings, as its code uses them. */
export interface AnalyticsSettings {
  /** How long counts wait in memory before one transaction writes them (and `analytics.views`). */
  flushMs: number;
  /** Beacon batches one address may send a minute; past it they are answered 429. */
  beaconsPerMinute: number;
  /** One view per viewer (account, else address) per video or stream is counted in this window. */
  viewWindowSeconds: number;
}

/** Pure. */
export function toAnalyticsSettings(env: AnalyticsEnv): AnalyticsSettings {
  return {
    flushMs: env.ANALYTICS_FLUSH_MS,
    beaconsPerMinute: env.ANALYTICS_BEACONS_PER_MINUTE,
    viewWindowSeconds: env.ANALYTICS_VIEW_WINDOW_SECONDS,
  };
}
