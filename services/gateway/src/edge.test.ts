import { describe, expect, it } from 'vitest';
import { isInternal, limitFor } from './edge.js';

const limits = { perMinute: 100, userPerMinute: 300, authPerMinute: 5, mediaPerMinute: 6000 };
const request = (over: Partial<Parameters<typeof limitFor>[0]>) => ({
  method: 'GET',
  routeOptions: { url: '/api/channels' },
  params: {},
  ip: '203.0.113.9',
  identity: undefined,
  ...over,
});

describe('limitFor', () => {
  it('counts anonymous callers by address', () => {
    expect(limitFor(request({}), limits)).toEqual({ key: 'ip:203.0.113.9', kind: 'ip', max: 100 });
  });

  it('counts signed-in callers by account', () => {
    const identity = { userId: 'u1', handle: 'ada', displayName: 'Ada', roles: [] };
    expect(limitFor(request({ identity }), limits)).toEqual({ key: 'user:u1', kind: 'user', max: 300 });
  });

  it('gives sign-in and sign-up their own tight bucket per address', () => {
    for (const url of ['/api/auth/login', '/api/auth/register']) {
      expect(limitFor(request({ method: 'POST', routeOptions: { url } }), limits)).toEqual({
        key: 'credentials:203.0.113.9',
        kind: 'credentials',
        max: 5,
      });
    }
    const post = (url: string | undefined, params = {}) => request({ method: 'POST', routeOptions: { url }, params });
    expect(limitFor(post('/api/auth/refresh'), limits).kind).toBe('ip');
    expect(limitFor(post(undefined), limits).kind).toBe('ip');
  });

  it('counts playback (playlists, segments, parts) by address in its own bucket, signed in or not', () => {
    const identity = { userId: 'u1', handle: 'ada', displayName: 'Ada', roles: [] };
    for (const url of ['/media/live/:id/*', '/media/videos/:id/*']) {
      expect(limitFor(request({ routeOptions: { url }, params: { id: 's1', '*': 'll.m3u8' } }), limits)).toEqual({
        key: 'media:203.0.113.9',
        kind: 'media',
        max: 6000,
      });
      expect(limitFor(request({ routeOptions: { url }, identity }), limits).kind).toBe('media');
    }
    // Proxied to the live or video module (microservices mode): the same bucket.
    const proxied = request({ routeOptions: { url: '/media/live/*' }, params: { '*': 's1/480p/ll.m3u8' } });
    expect(limitFor(proxied, limits).kind).toBe('media');
    expect(limitFor(request({ routeOptions: { url: '/api/live/sessions/:id' } }), limits).kind).toBe('ip');
  });

  it('names proxied routes by their decoded wildcard, so encodings and trailing slashes count alike', () => {
    const post = (rest: string) =>
      request({ method: 'POST', routeOptions: { url: '/api/auth/*' }, params: { '*': rest } });
    expect(limitFor(post('login'), limits).kind).toBe('credentials');
    expect(limitFor(post('login/'), limits).kind).toBe('credentials');
    expect(limitFor(post('register'), limits).kind).toBe('credentials');
    expect(limitFor(post('loginx'), limits).kind).toBe('ip');
  });
});

describe('isInternal', () => {
  const key = 'k'.repeat(32);
  it("knows the gateway's own look-ups by this process's key, and nothing else", () => {
    expect(isInternal({ headers: { 'x-framecast-internal': key } }, key)).toBe(true);
    expect(isInternal({ headers: { 'x-framecast-internal': 'k'.repeat(31) } }, key)).toBe(false);
    expect(isInternal({ headers: { 'x-framecast-internal': `${'k'.repeat(31)}j` } }, key)).toBe(false);
    expect(isInternal({ headers: {} }, key)).toBe(false);
    expect(isInternal({ headers: { 'x-framecast-internal': key } }, undefined)).toBe(false);
    expect(isInternal({ headers: { 'x-framecast-internal': [key, key] } }, key)).toBe(false);
  });
});
