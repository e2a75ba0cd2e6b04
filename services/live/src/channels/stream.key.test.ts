import { describe, expect, it } from 'vitest';
import { looksLikeStreamKey, newStreamKey } from './stream.key.js';

describe('stream keys', () => {
  it('are long, URL-safe and different each time', () => {
    const keys = new Set(Array.from({ length: 200 }, newStreamKey));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(/^live_[A-Za-z0-9_-]{32}$/);
      expect(encodeURIComponent(key)).toBe(key);
      expect(looksLikeStreamKey(key)).toBe(true);
    }
  });

  it('tell a key from any other publish name', () => {
    for (const name of ['', 'live', 'live_short', `live_${'a'.repeat(33)}`, `LIVE_${'a'.repeat(32)}`, 'x'.repeat(37)]) {
      expect(looksLikeStreamKey(name)).toBe(false);
    }
  });
});
