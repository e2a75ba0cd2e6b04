import { DEFAULT_MAX_UPLOAD_BYTES } from '@framecast/contracts/rules';
import { readSettings } from '@framecast/kit';
import Type, { type Static } from 'typebox';

const GiB = 1024 ** 3;
const whole = (minimum: number, fallback: number) => Type.Integer({ minimum, default: fallback });

/** The video module's environment variables (documented in docs/operations.md). */
export const videoSettingsSchema = Type.Object({
  VIDEO_MAX_UPLOAD_BYTES: whole(1, DEFAULT_MAX_UPLOAD_BYTES),
  VIDEO_QUOTA_BYTES: whole(1, 10 * GiB),
  VIDEO_MAX_DURATION_SECONDS: whole(1, 6 * 3600),
  PLAYBACK_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  PLAYBACK_TOKEN_TTL_SECONDS: whole(60, 2 * 3600),
  VIDEO_UPLOAD_EXPIRY_HOURS: whole(1, 24),
});

export type VideoEnv = Static<typeof videoSettingsSchema>;

/** The video module's settings, as its code uses them. */
export interface VideoSettings {
  maxUploadBytes: number;
  quotaBytes: number;
  maxDurationSeconds: number;
  /** Secret for playback tokens; null → a random one kept in the module's schema. */
  playbackSecret: string | null;
  playbackTokenTtlSeconds: number;
  /** How long a resumable upload may go without new bytes before it is removed. */
  uploadExpiryHours: number;
}

/** Pure. */
export function toVideoSettings(env: VideoEnv): VideoSettings {
  return {
    maxUploadBytes: env.VIDEO_MAX_UPLOAD_BYTES,
    quotaBytes: env.VIDEO_QUOTA_BYTES,
    maxDurationSeconds: env.VIDEO_MAX_DURATION_SECONDS,
    playbackSecret: env.PLAYBACK_SECRET ?? null,
    playbackTokenTtlSeconds: env.PLAYBACK_TOKEN_TTL_SECONDS,
    uploadExpiryHours: env.VIDEO_UPLOAD_EXPIRY_HOURS,
  };
}

/** Reads the settings from `env`; throws `ConfigError` naming the first bad variable. */
export const readVideoSettings = (env: NodeJS.ProcessEnv) => toVideoSettings(readSettings(videoSettingsSchema, env));
