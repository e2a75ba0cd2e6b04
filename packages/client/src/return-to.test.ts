import { describe, expect, it } from 'vitest';
import { returnToFrom, safeReturnTo, signInPath } from './return-to.js';

describe('safeReturnTo', () => {
  it('keeps paths inside the site', () => {
    expect(safeReturnTo('/settings/profile')).toBe('/settings/profile');
    expect(safeReturnTo('/c/alice?tab=videos')).toBe('/c/alice?tab=videos');
  });
  it('refuses anything that could leave the site', () => {
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('//evil.example')).toBe('/');
    expect(safeReturnTo('/\\evil.example')).toBe('/');
    expect(safeReturnTo('javascript:alert(1)')).toBe('/');
    expect(safeReturnTo(null)).toBe('/');
  });
});

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
});
