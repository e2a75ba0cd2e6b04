import { expect, it } from 'vitest';
import { shouldRetry } from './query-client.js';

/** An error as the client throws it (`isApiError` checks the shape). */
const apiError = (status: number) => Object.assign(new Error('failed'), { name: 'ApiError', status, code: 'test' });

it('tries again twice when there was no answer or a server error', () => {
  for (const error of [apiError(0), apiError(503), new TypeError('fetch failed')]) {
    expect([0, 1, 2].map((failures) => shouldRetry(failures, error))).toEqual([true, true, false]);
  }
});

it('takes a 4xx answer as final', () => {
  for (const status of [400, 403, 404, 429]) expect(shouldRetry(0, apiError(status))).toBe(false);
});
