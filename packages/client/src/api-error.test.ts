import { describe, expect, it } from 'vitest';
import { ApiError, errorFromProblem, fallbackDetail, isApiError, parseRetryAfter } from './api-error.js';

describe('errorFromProblem', () => {
  it('takes code and detail from a problem+json body', () => {
    const body = {
      type: 'urn:framecast:problem:handle_taken',
      title: 'Conflict',
      status: 409,
      detail: 'That handle is taken.',
      code: 'handle_taken',
    };
    const error = errorFromProblem(409, body, null);
    expect(error).toMatchObject({
      status: 409,
      code: 'handle_taken',
      detail: 'That handle is taken.',
      message: 'That handle is taken.',
    });
  });

  it('falls back to a readable sentence when the body is not a problem', () => {
    expect(errorFromProblem(502, '<html>', null)).toMatchObject({ code: 'http_502', detail: fallbackDetail(502) });
    expect(errorFromProblem(404, null, null).detail).toBe('That could not be found.');
  });

  it('keeps the retry delay', () => {
    expect(errorFromProblem(429, { code: 'rate_limited', detail: 'Slow down.' }, 12).retryAfter).toBe(12);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', 0)).toBe(30);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:45 GMT', now)).toBe(45);
  });
  it('gives null for a missing or unreadable header', () => {
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
});

describe('isApiError', () => {
  it('recognises errors by shape, also from another copy of the class', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ApiError', status: 400, code: 'bad' });
    expect(isApiError(new ApiError(400, 'bad', 'x'))).toBe(true);
    expect(isApiError(foreign)).toBe(true);
    expect(isApiError(new Error('x'))).toBe(false);
    expect(isApiError({ name: 'ApiError', status: 400, code: 'bad' })).toBe(false);
  });
});
