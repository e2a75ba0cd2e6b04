import { describe, expect, it } from 'vitest';
import { clearedCookieOptions, refreshCookieOptions } from './session.cookie.js';

describe('refresh cookie options', () => {
  it('are httpOnly, SameSite=Lax, scoped to /api/auth and live as long as the refresh token', () => {
    expect(refreshCookieOptions({ publicUrl: 'http://localhost:8080', refreshTokenTtlSeconds: 3600 })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/api/auth',
      secure: false,
      maxAge: 3600,
    });
  });

  it('are Secure when the public URL is https', () => {
    expect(refreshCookieOptions({ publicUrl: 'https://video.example', refreshTokenTtlSeconds: 3600 }).secure).toBe(
      true,
    );
  });

  it('clear with the same name attributes and no lifetime', () => {
    expect(clearedCookieOptions({ publicUrl: 'https://video.example', refreshTokenTtlSeconds: 3600 })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/api/auth',
      secure: true,
    });
  });
});
