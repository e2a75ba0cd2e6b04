import { createMemoryCache } from '@framecast/adapters';
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_SECONDS, VIEWERS_PER_ADDRESS, viewerCounter } from './viewer.counter.js';

const start = Date.UTC(2026, 11, 1, 12, 0, 0);

function counter() {
  let now = start;
  // Windows are keys of their own: moving the counter's clock is enough, whatever the cache's expiry does.
  const cache = createMemoryCache();
  const later = (seconds: number) => {
    now += seconds * 1000;
  };
  return { views: viewerCounter({ cache, now: () => now }), later };
}

describe('viewerCounter', () => {
  it('counts each viewer once a window, however often it calls', async () => {
    const { views } = counter();
    for (let i = 0; i < 5; i++) await views.heartbeat('s1', 'viewer-a', '203.0.113.1');
    await views.heartbeat('s1', 'viewer-b', '203.0.113.2');
    expect(await views.count('s1')).toBe(2);
    expect(await views.count('s2')).toBe(0);
  });

  it('keeps the last window while the next fills, and forgets viewers who stopped', async () => {
    const { views, later } = counter();
    for (const viewer of ['a', 'b', 'c']) await views.heartbeat('s1', viewer, `198.51.100.${viewer.charCodeAt(0)}`);
    later(HEARTBEAT_SECONDS);
    await views.heartbeat('s1', 'a', '198.51.100.97');
    expect(await views.count('s1')).toBe(3);
    later(HEARTBEAT_SECONDS);
    expect(await views.count('s1')).toBe(1);
    later(HEARTBEAT_SECONDS * 2);
    expect(await views.count('s1')).toBe(0);
  });

  it('counts at most a few viewers from one address', async () => {
    const { views } = counter();
    for (let i = 0; i < VIEWERS_PER_ADDRESS * 3; i++) await views.heartbeat('s1', `bot-${i}`, '192.0.2.7');
    expect(await views.count('s1')).toBe(VIEWERS_PER_ADDRESS);
  });
});
