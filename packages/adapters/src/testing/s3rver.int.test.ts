import { describe, expect, it } from 'vitest';
import { createS3Storage } from '../storage/s3.storage.js';
import { startS3rver } from './s3rver.js';

describe('startS3rver', () => {
  it('serves a bucket on 127.0.0.1 until stopped', async () => {
    const s3 = await startS3rver();
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const storage = createS3Storage({ ...s3, forcePathStyle: true });
    try {
      await storage.ping();
    } finally {
      await storage.close();
      await s3.stop();
    }
    const after = createS3Storage({ ...s3, forcePathStyle: true });
    try {
      await expect(after.ping()).rejects.toThrow();
    } finally {
      await after.close();
    }
  });
});
