import Type, { type Static } from 'typebox';

/** The live module's environment variables (documented in docs/operations.md). */
export const liveSettingsSchema = Type.Object({
  RTMP_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 1935 }),
  LIVE_INGEST_HOST: Type.Optional(Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]-]+$' })),
});

export type LiveEnv = Static<typeof liveSettingsSchema>;

/** The live module's settings, as its code uses them. */
export interface LiveSettings {
  /** Where publishers connect (0: any free port, for tests). */
  rtmpPort: number;
  /** The host name the studio shows in the ingest URL: `PUBLIC_URL`'s unless set. */
  ingestHost: string;
}

/** Pure. */
export function toLiveSettings(env: LiveEnv, publicUrl: string): LiveSettings {
  return { rtmpPort: env.RTMP_PORT, ingestHost: env.LIVE_INGEST_HOST ?? new URL(publicUrl).hostname };
}
