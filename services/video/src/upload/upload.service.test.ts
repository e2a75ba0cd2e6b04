import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveAtOnce } from '../testing/reserve.case.js';
import { startVideoModule, type VideoHarness } from '../testing/video.harness.js';

let h: VideoHarness;

beforeAll(async () => {
  h = await startVideoModule();
});

afterAll(async () => {
  await h?.close();
});

describe('reserving uploads (PGlite)', () => {
  it('grants exactly the reservations that fit when they all start at once', async () => {
    const { granted, refused } = await reserveAtOnce(
      h,
      { quotaBytes: 250, maxUploadBytes: 100 },
      Array.from({ length: 6 }, () => ({ exactly: 60 })),
    );
    expect(granted).toEqual([60, 60, 60, 60]);
    expect(refused).toEqual(['quota_exceeded', 'quota_exceeded']);
  });

  it('reserves what uploads of unknown size may use, one after another', async () => {
    const { granted, refused } = await reserveAtOnce(h, { quotaBytes: 250, maxUploadBytes: 100 }, [
      { atMost: 80 },
      { atMost: null },
      { atMost: null },
      { atMost: null },
    ]);
    expect(granted.reduce((sum, bytes) => sum + bytes, 0)).toBe(250);
    expect(granted).toHaveLength(3);
    expect(refused).toEqual(['quota_exceeded']);
  });
});
