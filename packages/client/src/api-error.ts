/**
 * Every failed call, whatever went wrong: an HTTP error answered as problem+json, any other non-2xx
 * answer, or no answer at all (`status` 0). `detail` is a sentence to show to the person.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Seconds to wait before trying again, from a 429's or 503's Retry-After header. */
    readonly retryAfter: number | null = null,
  ) {
    super(detail);
  }
}

/**
 * Checks by shape, not `instanceof`: each microfrontend bundles its own copy of this package, and an
 * error thrown by the shell's client must be recognised inside a remote.
 */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof Error &&
    value.name === 'ApiError' &&
    typeof (value as ApiError).status === 'number' &&
    typeof (value as ApiError).code === 'string'
  );
}

const fallbackDetails: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You need to sign in to do that.',
  403: 'You are not allowed to do that.',
  404: 'That could not be found.',
  409: 'That conflicts with something that already exists.',
  413: 'That is too large.',
  415: 'That type of file is not supported.',
  429: 'Too many attempts. Wait a moment and try again.',
};

export function fallbackDetail(status: number): string {
  return (
    fallbackDetails[status] ??
    (status >= 500 ? 'Framecast had a problem. Try again in a moment.' : 'The request failed.')
  );
}

/** Seconds from a Retry-After header: either delay-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Builds the error from a problem+json body when there is one, else from the status alone. */
export function errorFromProblem(status: number, body: unknown, retryAfter: number | null): ApiError {
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof problem.code === 'string' ? problem.code : `http_${status}`;
  const detail = typeof problem.detail === 'string' && problem.detail ? problem.detail : fallbackDetail(status);
  return new ApiError(status, code, detail, retryAfter);
}

export async function errorFromResponse(response: Response, now = Date.now()): Promise<ApiError> {
  const body = await response.json().catch(() => null);
  return errorFromProblem(response.status, body, parseRetryAfter(response.headers.get('retry-after'), now));
}

export function networkError(): ApiError {
  return new ApiError(0, 'network_error', 'Framecast could not be reached. Check your connection and try again.');
}
