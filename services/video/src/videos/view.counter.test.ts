import { createMemoryCache } from '@framecast/adapters';
import { describe, expect, it } from 'vitest';
import { viewCounter } from './view.counter.js';

describe('viewCounter', () => {
  it('counts the first view of each viewer of each video, and again once the window has passed', async () => {
    const cache = createMemoryCache();
    const firstView = viewCounter({ cache, windowSeconds: 1 });
    const at = await Promise.all(Array.from({ length: 10 }, () => firstView('v1', 'ip:203.0.113.1')));
    expect(at.filter(Boolean)).toHaveLength(1);
    expect(await firstView('v2', 'ip:203.0.113.1')).toBe(true);
    expect(await firstView('v1', 'user:u1')).toBe(true);
    expect(await firstView('v1', 'ip:203.0.113.1')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await firstView('v1', 'ip:203.0.113.1')).toBe(true);
    await cache.close();
  });
});
