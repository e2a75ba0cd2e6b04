import { describe, expect, it } from 'vitest';
import { chooseEngine } from './engine-choice.js';

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
