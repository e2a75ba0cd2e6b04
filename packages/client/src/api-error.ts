import { type ErrorCode, errorSpec } from '@framecast/contracts/errors';

/** Codes the client makes itself: no answer at all, or a non-2xx answer that is not problem+json. */
export type ClientErrorCode = 'network_error' | `http_${number}`;

/**
 * Every failed call, whatever went wrong: an HTTP error answered as problem+json, any other non-2xx
 * answer, or no answer at all (`status` 0). `code` is the error catalog's code (or a newer server's); `detail` is a
 * sentence to show to the person; `field` the request field the server said the problem is about.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode | (string & {}),
    readonly detail: string,
    /** Seconds to wait before trying again, from a 429's or 503's Retry-After header. */
    readonly retryAfter: number | null = null,
    readonly field: string | null = null,
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
  const field = typeof problem.field === 'string' && problem.field ? problem.field : null;
  return new ApiError(status, code, detail, retryAfter, field);
}

export async function errorFromResponse(response: Response, now = Date.now()): Promise<ApiError> {
  const body = await response.json().catch(() => null);
  return errorFromProblem(response.status, body, parseRetryAfter(response.headers.get('retry-after'), now));
}

export function networkError(): ApiError {
  return new ApiError(0, 'network_error', 'Framecast could not be reached. Check your connection and try again.');
}

/**
 * The form field a server error belongs to, so it shows under that field; null for form-level errors. Decided by the
 * problem's code, never its wording: the field the problem names (`validation_failed` names one), else the field the
 * error catalog gives the code (`email_taken` → `email`), if the form has it.
 */
export function fieldOfError<F extends string>(error: unknown, fields: readonly F[]): F | null {
  if (!isApiError(error)) return null;
  const field = error.field ?? errorSpec(error.code)?.field ?? null;
  return field !== null && (fields as readonly string[]).includes(field) ? (field as F) : null;
}

/** A sentence for a form-level error, with the wait when the server asked for one. */
export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong. Try again.';
  if (error.retryAfter && error.retryAfter > 0) {
    const wait = error.retryAfter < 90 ? `${error.retryAfter} seconds` : `${Math.ceil(error.retryAfter / 60)} minutes`;
    return `${error.detail} You can try again in ${wait}.`;
  }
  return error.detail;
}
