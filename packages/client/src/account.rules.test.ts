import { describe, expect, it } from 'vitest';
import { avatarProblem, loginBody, validateProfile, validateSignUp } from './account.rules.js';

describe('validateSignUp', () => {
  const valid = { email: 'ada@example.com', handle: 'ada_lovelace', password: 'correct horse' };

  it('accepts values the server accepts', () => {
    expect(validateSignUp(valid)).toEqual({});
  });

  it('names each field that is wrong', () => {
    const errors = validateSignUp({ email: 'ada', handle: 'Ada', password: 'short' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'handle', 'password']);
    expect(errors.password).toBe('Use at least 10 characters for your password.');
  });

  it('mirrors the handle pattern', () => {
    expect(validateSignUp({ ...valid, handle: '_ada' }).handle).toMatch(/lowercase/);
    expect(validateSignUp({ ...valid, handle: 'ab' }).handle).toMatch(/3 to 30/);
    expect(validateSignUp({ ...valid, handle: 'a'.repeat(31) }).handle).toMatch(/3 to 30/);
    expect(validateSignUp({ ...valid, handle: 'a'.repeat(30) }).handle).toBeUndefined();
    expect(validateSignUp({ ...valid, handle: '9lives' }).handle).toBeUndefined();
  });

  it("applies the server's shared checks: reserved handles, a password that is the handle or email", () => {
    expect(validateSignUp({ ...valid, handle: 'settings' }).handle).toBe(
      'The handle "settings" is reserved. Choose another one.',
    );
    expect(validateSignUp({ ...valid, password: 'ada_lovelace' }).password).toMatch(/not be your handle/);
    expect(validateSignUp({ ...valid, password: 'ADA@example.com' }).password).toMatch(/not be your handle/);
  });

  it('counts password characters as the server does', () => {
    expect(validateSignUp({ ...valid, password: '🔑🔑🔑🔑🔑🔑🔑🔑🔑' }).password).toMatch(/at least 10/);
    expect(validateSignUp({ ...valid, password: '🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑' }).password).toBeUndefined();
  });
});

describe('validateProfile', () => {
  it('requires a display name and limits the bio', () => {
    expect(validateProfile({ displayName: '  ', bio: '' }).displayName).toBe(
      'Enter a display name with at least one visible character.',
    );
    expect(validateProfile({ displayName: 'Ada\u202Egpj.exe', bio: '' }).displayName).toMatch(/direction of text/);
    expect(validateProfile({ displayName: 'Ａｄａ', bio: '' })).toEqual({});
    expect(validateProfile({ displayName: 'Ada', bio: 'x'.repeat(1001) }).bio).toBe('Use at most 1000 characters.');
    expect(validateProfile({ displayName: 'Ada', bio: 'x'.repeat(1000) })).toEqual({});
  });
});

describe('avatarProblem', () => {
  it('accepts the four image types up to 2 MiB', () => {
    expect(avatarProblem({ type: 'image/webp', size: 2 * 1024 * 1024 })).toBeNull();
  });
  it('refuses other types and larger files', () => {
    expect(avatarProblem({ type: 'image/svg+xml', size: 10 })).toMatch(/PNG, JPEG, WebP or GIF/);
    expect(avatarProblem({ type: 'image/png', size: 2 * 1024 * 1024 + 1 })).toMatch(/2 MB/);
  });
});

describe('loginBody', () => {
  it('sends an email when there is an @, else a lowercase handle', () => {
    expect(loginBody(' ada@example.com ', 'pw')).toEqual({ email: 'ada@example.com', password: 'pw' });
    expect(loginBody('Ada', 'pw')).toEqual({ handle: 'ada', password: 'pw' });
  });
});
