import { AUTO } from '@framecast/ui/playback';
import { describe, expect, it } from 'vitest';
import { currentQualityLabel, qualityLabel, qualityOptions } from './quality.js';

const ladder = [
  { index: 0, height: 240, bitrate: 400_000 },
  { index: 1, height: 720, bitrate: 3_000_000 },
  { index: 2, height: 480, bitrate: 1_200_000 },
];

describe('qualityLabel', () => {
  it('names a video level by its height', () => {
    expect(qualityLabel({ height: 1080, bitrate: 6_000_000 })).toBe('1080p');
  });
  it('names a level without a height by its bitrate', () => {
    expect(qualityLabel({ height: 0, bitrate: 128_000 })).toBe('128 kbps');
  });
});

describe('qualityOptions', () => {
  it('puts Auto first, then levels from the highest', () => {
    expect(qualityOptions(ladder)).toEqual([
      { value: AUTO, label: 'Auto' },
      { value: 1, label: '720p' },
      { value: 2, label: '480p' },
      { value: 0, label: '240p' },
    ]);
  });
  it('tells apart two levels of one height by bitrate', () => {
    const options = qualityOptions([
      { index: 0, height: 720, bitrate: 2_000_000 },
      { index: 1, height: 720, bitrate: 4_500_000 },
    ]);
    expect(options.map((o) => o.label)).toEqual(['Auto', '720p · 4.5 Mbps', '720p · 2.0 Mbps']);
  });
  it('offers only Auto before the levels are known', () => {
    expect(qualityOptions([])).toEqual([{ value: AUTO, label: 'Auto' }]);
  });
});

describe('currentQualityLabel', () => {
  it('shows the level chosen by hand', () => {
    expect(currentQualityLabel(ladder, 2, 1)).toBe('480p');
  });
  it('shows the level Auto is playing', () => {
    expect(currentQualityLabel(ladder, AUTO, 1)).toBe('Auto (720p)');
    expect(currentQualityLabel(ladder, AUTO, null)).toBe('Auto');
  });
  it('falls back to Auto for a level that is gone', () => {
    expect(currentQualityLabel(ladder, 9, null)).toBe('Auto');
  });
});
