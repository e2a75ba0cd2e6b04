import { errorCatalog, errorCodes } from '@framecast/contracts/errors';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  errorFromProblem,
  errorMessage,
  fallbackDetail,
  fieldOfError,
  isApiError,
  parseRetryAfter,
} from './api-error.js';

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

  it('keeps the field the problem names', () => {
    const body = { code: 'validation_failed', detail: 'Too long.', field: 'displayName' };
    expect(errorFromProblem(400, body, null).field).toBe('displayName');
    expect(errorFromProblem(400, { code: 'validation_failed', detail: 'x', field: 7 }, null).field).toBeNull();
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

describe('fieldOfError', () => {
  const signUp = ['email', 'handle', 'password'] as const;
  const problem = (status: number, body: Record<string, unknown>) => errorFromProblem(status, body, null);

  it('maps codes to the field the error catalog gives them', () => {
    expect(fieldOfError(problem(409, { code: 'email_taken', detail: 'In use.' }), signUp)).toBe('email');
    expect(fieldOfError(problem(409, { code: 'handle_taken', detail: 'Taken.' }), signUp)).toBe('handle');
    expect(fieldOfError(problem(400, { code: 'handle_reserved', detail: 'Kept back.' }), signUp)).toBe('handle');
    expect(fieldOfError(problem(400, { code: 'weak_password', detail: 'Too common.' }), signUp)).toBe('password');
    const blank = problem(400, { code: 'invalid_display_name', detail: 'Only spaces.' });
    expect(fieldOfError(blank, ['displayName', 'bio'])).toBe('displayName');
    const notVideo = problem(415, { code: 'unsupported_video_type', detail: 'Not a video.' });
    expect(fieldOfError(notVideo, ['file', 'title'])).toBe('file');
  });

  it('maps a validation problem to the field it names, whatever its sentence says', () => {
    const long = problem(400, { code: 'validation_failed', detail: 'Too long.', field: 'displayName' });
    expect(fieldOfError(long, ['displayName', 'bio'])).toBe('displayName');
    const title = problem(400, { code: 'validation_failed', detail: 'The bio is fine.', field: 'title' });
    expect(fieldOfError(title, ['title', 'description'])).toBe('title');
  });

  it('never reads the sentence: a detail naming a field is not enough', () => {
    const wording = problem(400, { code: 'validation_failed', detail: 'The handle is not valid.' });
    expect(fieldOfError(wording, signUp)).toBeNull();
    const legacy = new ApiError(400, 'validation', 'body/displayName must NOT have more than 60 characters');
    expect(fieldOfError(legacy, ['displayName', 'bio'])).toBeNull();
  });

  it('leaves errors about no field, or a field the form lacks, at form level', () => {
    expect(fieldOfError(problem(401, { code: 'invalid_credentials', detail: 'No.' }), signUp)).toBeNull();
    expect(fieldOfError(problem(413, { code: 'quota_exceeded', detail: 'Full.' }), ['file'])).toBeNull();
    const unknown = problem(400, { code: 'validation_failed', detail: 'Unknown field.', field: 'nickname' });
    expect(fieldOfError(unknown, signUp)).toBeNull();
    expect(fieldOfError(problem(400, { code: 'a_newer_code', detail: 'Hm.' }), signUp)).toBeNull();
    expect(fieldOfError(new Error('boom'), signUp)).toBeNull();
  });

  it('knows a field for every catalog code that has one', () => {
    const specOf = (code: (typeof errorCodes)[number]): { status: number; field?: string } => errorCatalog[code];
    // Every field the catalog names, as a form holding all of them would ask.
    const fields = [...new Set(errorCodes.flatMap((code) => specOf(code).field ?? []))];
    expect(fields).toEqual(expect.arrayContaining(['email', 'handle', 'file', 'cursor']));
    for (const code of errorCodes) {
      const spec = specOf(code);
      const error = problem(spec.status, { code, detail: 'x' });
      expect(fieldOfError(error, fields)).toBe(spec.field ?? null);
    }
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
