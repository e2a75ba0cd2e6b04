import { describe, expect, it } from 'vitest';
import { limitFor } from './edge.js';

const limits = { perMinute: 100, userPerMinute: 300, authPerMinute: 5 };
const request = (over: Partial<Parameters<typeof limitFor>[0]>) => ({
  method: 'GET',
  url: '/api/channels',
  ip: '203.0.113.9',
  identity: undefined,
  ...over,
});

describe('limitFor', () => {
  it('counts anonymous callers by address', () => {
    expect(limitFor(request({}), limits)).toEqual({ key: 'ip:203.0.113.9', kind: 'ip', max: 100 });
  });

  it('counts signed-in callers by account', () => {
    const identity = { userId: 'u1', handle: 'ada', roles: [] };
    expect(limitFor(request({ identity }), limits)).toEqual({ key: 'user:u1', kind: 'user', max: 300 });
  });

  it('gives sign-in and sign-up their own tight bucket per address', () => {
    for (const url of ['/api/auth/login', '/api/auth/register', '/api/auth/login?x=1']) {
      expect(limitFor(request({ method: 'POST', url }), limits)).toEqual({
        key: 'credentials:203.0.113.9',
        kind: 'credentials',
        max: 5,
      });
    }
    expect(limitFor(request({ method: 'POST', url: '/api/auth/refresh' }), limits).kind).toBe('ip');
    expect(limitFor(request({ method: 'POST', url: '/api/auth/loginx' }), limits).kind).toBe('ip');
  });
});
