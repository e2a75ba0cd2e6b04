import { describe, expect, it } from 'vitest';
import {
  avatarProblem,
  errorMessage,
  fieldOfError,
  loginBody,
  validateProfile,
  validateSignUp,
} from './account.rules.js';
import { ApiError } from './api-error.js';

describe('validateSignUp', () => {
  const valid = { email: 'ada@example.com', handle: 'ada_lovelace', password: 'correct horse' };

  it('accepts values the server accepts', () => {
    expect(validateSignUp(valid)).toEqual({});
  });

  it('names each field that is wrong', () => {
    const errors = validateSignUp({ email: 'ada', handle: 'Ada', password: 'short' });
    expect(Object.keys(errors).sort()).toEqual(['email', 'handle', 'password']);
    expect(errors.password).toBe('Use at least 10 characters.');
  });

  it('mirrors the handle pattern', () => {
    expect(validateSignUp({ ...valid, handle: '_ada' }).handle).toMatch(/lowercase/);
    expect(validateSignUp({ ...valid, handle: 'ab' }).handle).toMatch(/3 to 30/);
    expect(validateSignUp({ ...valid, handle: 'a'.repeat(31) }).handle).toMatch(/3 to 30/);
    expect(validateSignUp({ ...valid, handle: 'a'.repeat(30) }).handle).toBeUndefined();
    expect(validateSignUp({ ...valid, handle: '9lives' }).handle).toBeUndefined();
  });
});

describe('validateProfile', () => {
  it('requires a display name and limits the bio', () => {
    expect(validateProfile({ displayName: '  ', bio: '' }).displayName).toBe('Enter a display name.');
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

describe('fieldOfError', () => {
  const fields = ['email', 'handle', 'password'] as const;

  it('maps conflict and weak password codes to their fields', () => {
    expect(fieldOfError(new ApiError(409, 'email_taken', 'That email is in use.'), fields)).toBe('email');
    expect(fieldOfError(new ApiError(409, 'handle_taken', 'Taken.'), fields)).toBe('handle');
    expect(fieldOfError(new ApiError(400, 'weak_password', 'Too common.'), fields)).toBe('password');
  });

  it('finds the field a validation message names', () => {
    const error = new ApiError(400, 'validation', 'body/displayName must NOT have more than 60 characters');
    expect(fieldOfError(error, ['displayName', 'bio'])).toBe('displayName');
    expect(fieldOfError(new ApiError(400, 'validation', 'The handle is not valid.'), fields)).toBe('handle');
  });

  it('leaves other errors at form level', () => {
    expect(fieldOfError(new ApiError(401, 'invalid_credentials', 'Wrong email or password.'), fields)).toBeNull();
    expect(fieldOfError(new ApiError(400, 'validation', 'Something else.'), fields)).toBeNull();
    expect(fieldOfError(new Error('boom'), fields)).toBeNull();
  });
});

describe('errorMessage', () => {
  it('shows the server detail, with the wait when rate limited', () => {
    expect(errorMessage(new ApiError(401, 'invalid_credentials', 'Wrong email or password.'))).toBe(
      'Wrong email or password.',
    );
    expect(errorMessage(new ApiError(429, 'rate_limited', 'Too many attempts.', 30))).toBe(
      'Too many attempts. You can try again in 30 seconds.',
    );
    expect(errorMessage(new ApiError(429, 'rate_limited', 'Too many attempts.', 600))).toBe(
      'Too many attempts. You can try again in 10 minutes.',
    );
  });
  it('has a sentence for unexpected errors', () => {
    expect(errorMessage(new TypeError('x'))).toBe('Something went wrong. Try again.');
  });
});
