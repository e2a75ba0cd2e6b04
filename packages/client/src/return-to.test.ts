import { describe, expect, it } from 'vitest';
import { returnToFrom, signInPath } from './return-to.js';

describe('signInPath', () => {
  it('carries the path to come back to', () => {
    expect(signInPath('/c/alice')).toBe('/signin?returnTo=%2Fc%2Falice');
  });
  it('omits a return to the home page', () => {
    expect(signInPath('/')).toBe('/signin');
  });
});

describe('returnToFrom', () => {
  it('reads and checks the query parameter', () => {
    expect(returnToFrom('?returnTo=%2Fsettings%2Fprofile')).toBe('/settings/profile');
    expect(returnToFrom('?returnTo=https%3A%2F%2Fevil.example')).toBe('/');
    expect(returnToFrom('')).toBe('/');
  });
  it('applies the strict rule the server applies: no backslash or control character anywhere', () => {
    expect(returnToFrom('?returnTo=%2Fok%5C..%5Cx')).toBe('/');
    expect(returnToFrom('?returnTo=%2F%09%2Fevil.example')).toBe('/');
    expect(signInPath('/a\\b')).toBe('/signin');
  });
});
