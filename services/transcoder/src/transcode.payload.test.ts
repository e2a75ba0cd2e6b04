import { describe, expect, it } from 'vitest';
import { checkPayload } from './transcode.job.js';

describe('checkPayload', () => {
  const good = { videoId: 'v_1', originalKey: 'videos/v_1/original', outputPrefix: 'videos/v_1/' };
  it('keeps a well-formed job', () => {
    expect(checkPayload({ ...good, extra: 1 })).toEqual(good);
  });
  it.each([
    null,
    'text',
    { ...good, videoId: '' },
    { ...good, videoId: '../x' },
    { ...good, originalKey: 3 },
    { ...good, outputPrefix: 'videos/v_1' },
  ])('drops %j', (data) => {
    expect(checkPayload(data)).toBeNull();
  });
});
