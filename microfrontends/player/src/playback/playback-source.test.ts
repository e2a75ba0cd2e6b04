import { describe, expect, it } from 'vitest';
import { chooseEngine, formatFromSearch, renditionsVersion } from './playback-source.js';

describe('formatFromSearch', () => {
  it('reads ?format=dash, else HLS', () => {
    expect(formatFromSearch('?format=dash')).toBe('dash');
    expect(formatFromSearch('?t=10&format=dash')).toBe('dash');
    expect(formatFromSearch('?format=hls')).toBe('hls');
    expect(formatFromSearch('?format=mp4')).toBe('hls');
    expect(formatFromSearch('')).toBe('hls');
  });
});

describe('chooseEngine', () => {
  it('uses hls.js where MSE exists, even when HLS is native', () => {
    expect(chooseEngine('hls', { mse: true, nativeHls: true })).toBe('hls.js');
    expect(chooseEngine('hls', { mse: true, nativeHls: false })).toBe('hls.js');
  });
  it('falls back to native HLS without MSE', () => {
    expect(chooseEngine('hls', { mse: false, nativeHls: true })).toBe('native-hls');
    expect(chooseEngine('dash', { mse: false, nativeHls: true })).toBe('native-hls');
  });
  it('plays DASH with dash.js when asked', () => {
    expect(chooseEngine('dash', { mse: true, nativeHls: false })).toBe('dash.js');
  });
  it('gives up in a browser that can play neither', () => {
    expect(chooseEngine('hls', { mse: false, nativeHls: false })).toBeNull();
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
