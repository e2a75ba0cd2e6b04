import type { CodeWithStatus, ErrorCode, ErrorStatus } from '@framecast/contracts/errors';

/**
 * The one error type. `code` is a stable machine code from the error catalog (`email_taken`; packages/contracts
 * `errorCatalog`), `status` its HTTP status there — a code the catalog lacks, or the wrong status for it, does not
 * compile — and `message` a sentence a person understands. Rendered as `application/problem+json` by the HTTP layer;
 * `details` become members of the problem (`field` names the request field it is about).
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly status: NoInfer<ErrorStatus<C>>,
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  static badRequest(code: CodeWithStatus<400>, message: string, details?: Record<string, unknown>) {
    return new AppError(400, code, message, details);
  }
  static unauthorized(code: CodeWithStatus<401>, message: string) {
    return new AppError(401, code, message);
  }
  static forbidden(code: CodeWithStatus<403>, message: string) {
    return new AppError(403, code, message);
  }
  static notFound(code: CodeWithStatus<404>, message: string) {
    return new AppError(404, code, message);
  }
  static conflict(code: CodeWithStatus<409>, message: string, details?: Record<string, unknown>) {
    return new AppError(409, code, message, details);
  }
}

/** RFC 9457 problem details, with our `code` and the request id. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  field?: string;
  requestId?: string;
  [extra: string]: unknown;
}

export function toProblem(error: AppError, requestId?: string): Problem {
  return {
    type: `urn:framecast:problem:${error.code}`,
    title: statusTitle(error.status),
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(requestId ? { requestId } : {}),
    ...error.details,
  };
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusTitle(status: number): string {
  return titles[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
