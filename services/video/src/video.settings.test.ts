import { ConfigError } from '@framecast/kit';
import { describe, expect, it } from 'vitest';
import { readVideoSettings } from './video.settings.js';

describe('readVideoSettings', () => {
  it('has the documented defaults', () => {
    expect(readVideoSettings({})).toEqual({
      maxUploadBytes: 2 * 1024 ** 3,
      quotaBytes: 10 * 1024 ** 3,
      maxDurationSeconds: 6 * 3600,
      playbackSecret: null,
      playbackTokenTtlSeconds: 7200,
      uploadExpiryHours: 24,
    });
  });

  it('reads each variable', () => {
    const s = readVideoSettings({
      VIDEO_MAX_UPLOAD_BYTES: '1000',
      VIDEO_QUOTA_BYTES: '5000',
      VIDEO_MAX_DURATION_SECONDS: '60',
      PLAYBACK_SECRET: 'x'.repeat(32),
      PLAYBACK_TOKEN_TTL_SECONDS: '600',
      VIDEO_UPLOAD_EXPIRY_HOURS: '2',
    });
    expect(s).toMatchObject({
      maxUploadBytes: 1000,
      quotaBytes: 5000,
      maxDurationSeconds: 60,
      playbackSecret: 'x'.repeat(32),
      playbackTokenTtlSeconds: 600,
      uploadExpiryHours: 2,
    });
  });

  it('names the bad variable', () => {
    expect(() => readVideoSettings({ VIDEO_QUOTA_BYTES: 'lots' })).toThrow(ConfigError);
    expect(() => readVideoSettings({ VIDEO_QUOTA_BYTES: 'lots' })).toThrow(/VIDEO_QUOTA_BYTES/);
    expect(() => readVideoSettings({ VIDEO_MAX_UPLOAD_BYTES: '-1' })).toThrow(/VIDEO_MAX_UPLOAD_BYTES/);
    expect(() => readVideoSettings({ PLAYBACK_SECRET: 'short' })).toThrow(/PLAYBACK_SECRET/);
    expect(() => readVideoSettings({ VIDEO_UPLOAD_EXPIRY_HOURS: '0' })).toThrow(/VIDEO_UPLOAD_EXPIRY_HOURS/);
    expect(() => readVideoSettings({ VIDEO_UPLOAD_EXPIRY_HOURS: '1.5' })).toThrow(/VIDEO_UPLOAD_EXPIRY_HOURS/);
  });
});
