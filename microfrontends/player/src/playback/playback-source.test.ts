import { describe, expect, it } from 'vitest';
import { formatFromSearch, renditionsVersion } from './playback-source.js';

describe('formatFromSearch', () => {
  it('reads ?format=dash, else HLS', () => {
    expect(formatFromSearch('?format=dash')).toBe('dash');
    expect(formatFromSearch('?t=10&format=dash')).toBe('dash');
    expect(formatFromSearch('?format=hls')).toBe('hls');
    expect(formatFromSearch('?format=mp4')).toBe('hls');
    expect(formatFromSearch('')).toBe('hls');
  });
});

describe('renditionsVersion', () => {
  it('changes when renditions are added, not when the same ones are fetched again', () => {
    const early = { renditions: [{ name: '360p' }, { name: '240p' }, { name: 'audio' }] };
    const whole = { renditions: [{ name: '720p' }, ...early.renditions] };
    expect(renditionsVersion(early)).toBe(renditionsVersion({ renditions: [...early.renditions] }));
    expect(renditionsVersion(whole)).not.toBe(renditionsVersion(early));
  });
});
