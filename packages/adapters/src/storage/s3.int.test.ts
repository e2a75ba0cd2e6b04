import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type TestS3 } from '../testing/s3rver.js';
import { createS3Storage, parseContentRange } from './s3.storage.js';
import { storageContract } from './storage.contract.js';

let server: TestS3 | undefined;
const started = async () => {
  server ??= await startS3rver();
  return server;
};
afterAll(async () => {
  await server?.stop();
});

storageContract('S3 (s3rver)', async () => {
  const s3 = await started();
  return createS3Storage({ ...s3, forcePathStyle: true });
});

describe('S3 storage', () => {
  beforeAll(started);

  it('fails ping for a bucket that does not exist', async () => {
    const s3 = await started();
    const storage = createS3Storage({ ...s3, bucket: 'no-such-bucket', forcePathStyle: true });
    try {
      await expect(storage.ping()).rejects.toThrow();
    } finally {
      await storage.close();
    }
  });

  it('reads the span and the full size from Content-Range', () => {
    expect(parseContentRange('bytes 10-19/20')).toEqual({ start: 10, end: 19, size: 20 });
    expect(() => parseContentRange(undefined)).toThrow(/Content-Range/);
  });
});
