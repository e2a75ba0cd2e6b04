import { ConfigError } from '@framecast/kit';

/** The video module's own settings, read from the environment (documented in docs/operations.md). */
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

const GiB = 1024 ** 3;

const integers = {
  VIDEO_MAX_UPLOAD_BYTES: { key: 'maxUploadBytes', fallback: 2 * GiB, min: 1 },
  VIDEO_QUOTA_BYTES: { key: 'quotaBytes', fallback: 10 * GiB, min: 1 },
  VIDEO_MAX_DURATION_SECONDS: { key: 'maxDurationSeconds', fallback: 6 * 3600, min: 1 },
  PLAYBACK_TOKEN_TTL_SECONDS: { key: 'playbackTokenTtlSeconds', fallback: 2 * 3600, min: 60 },
  VIDEO_UPLOAD_EXPIRY_HOURS: { key: 'uploadExpiryHours', fallback: 24, min: 1 },
} as const;

/** Reads the settings; throws `ConfigError` naming the first bad variable. */
export function readVideoSettings(env: NodeJS.ProcessEnv = process.env): VideoSettings {
  const settings: VideoSettings = {
    maxUploadBytes: 0,
    quotaBytes: 0,
    maxDurationSeconds: 0,
    playbackSecret: null,
    playbackTokenTtlSeconds: 0,
    uploadExpiryHours: 0,
  };
  for (const [name, { key, fallback, min }] of Object.entries(integers)) {
    const text = env[name];
    if (text === undefined || text === '') {
      settings[key] = fallback;
      continue;
    }
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new ConfigError(name, `must be a whole number of at least ${min} (got "${text}")`);
    }
    settings[key] = value;
  }
  const secret = env.PLAYBACK_SECRET;
  if (secret !== undefined && secret !== '') {
    if (secret.length < 32) throw new ConfigError('PLAYBACK_SECRET', 'must be at least 32 characters long');
    settings.playbackSecret = secret;
  }
  return settings;
}
