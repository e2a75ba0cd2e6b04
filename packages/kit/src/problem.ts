import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toProblem } from './errors.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Socket errors of a proxied request that mean the service behind it is not there. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'UND_ERR_SOCKET']);
const UPSTREAM_DOWN = 'A service behind the gateway is not answering; try again shortly.';

/** Error codes of Fastify and its plugins that are the client's fault, with what we tell the client. */
const fastifyCodes: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The JSON request body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_content_length' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'The request URL is malformed.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'url_too_long', message: 'A part of the request URL is too long.' },
  FST_REPLY_FROM_SERVICE_UNAVAILABLE: { status: 503, code: 'upstream_unavailable', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_BAD_GATEWAY: { status: 502, code: 'upstream_failed', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_GATEWAY_TIMEOUT: { status: 504, code: 'upstream_timeout', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_TIMEOUT: { status: 504, code: 'upstream_timeout', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_HTTP_REQUEST_TIMEOUT: { status: 504, code: 'upstream_timeout', message: UPSTREAM_DOWN },
  UND_ERR_CONNECT_TIMEOUT: { status: 504, code: 'upstream_timeout', message: UPSTREAM_DOWN },
};

/** Turns anything thrown into an `AppError`: known client errors keep their meaning, the rest become a bare 500. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as Partial<FastifyError> & { code?: string; validationContext?: string; validation?: unknown[] };
  if (e.validation) {
    return AppError.badRequest('validation_failed', describeValidation(e as FastifyError));
  }
  if (e.code === 'ENOENT_OBJECT' || e.name === 'ObjectNotFoundError') {
    return AppError.notFound('not_found', 'That file does not exist.');
  }
  if (e.name === 'RangeNotSatisfiableError') {
    return new AppError(416, 'range_not_satisfiable', 'The requested byte range is outside the file.');
  }
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  if (e.code === 'FST_REPLY_FROM_INTERNAL_SERVER_ERROR' && cause && UNREACHABLE.has(cause)) {
    return new AppError(503, 'upstream_unavailable', UPSTREAM_DOWN);
  }
  const known = e.code ? fastifyCodes[e.code] : undefined;
  if (known) return new AppError(known.status, known.code, known.message ?? e.message ?? 'Bad request.');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 429 ? 'rate_limited' : 'bad_request';
    return new AppError(e.statusCode, code, e.message || 'Bad request.');
  }
  return new AppError(500, 'internal_error', 'Something went wrong on our side. Try again later.', undefined, {
    cause: error,
  });
}

/** "body/email must match format "email"" → "email must be a valid email address." style sentences. */
function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0] as
    | { instancePath?: string; message?: string; keyword?: string; params?: Record<string, unknown> }
    | undefined;
  const part = (error as { validationContext?: string }).validationContext ?? 'body';
  if (!first) return `The request ${part} is not valid.`;
  const field = (first.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const where = field ? `"${field}"` : `The request ${part}`;
  switch (first.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown field "${String(first.params?.additionalProperty)}".`;
    case 'required':
      return `${field ? `${where} needs` : `The request ${part} needs`} the field "${String(first.params?.missingProperty)}".`;
    case 'maxLength':
      return `${where} must be at most ${String(first.params?.limit)} characters long.`;
    case 'minLength':
      return `${where} must be at least ${String(first.params?.limit)} characters long.`;
    case 'format':
      return `${where} must be a valid ${String(first.params?.format)}.`;
    case 'type':
      return `${where} must be of type ${String(first.params?.type)}.`;
    default:
      return `${where} ${first.message ?? 'is not valid'}.`;
  }
}

export function sendProblem(reply: FastifyReply, error: AppError, request: FastifyRequest) {
  if (error.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  return reply
    .status(error.status)
    .type(PROBLEM_JSON)
    .send(toProblem(error, String(request.id)));
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.code === 'internal_error') {
    request.log.error({ err: error, requestId: request.id }, 'request failed');
  } else if (appError.status >= 500) {
    request.log.warn({ code: appError.code, status: appError.status }, appError.message);
  } else {
    request.log.info({ code: appError.code, status: appError.status }, appError.message);
  }
  return sendProblem(reply, appError, request);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    reply,
    AppError.notFound('route_not_found', `No route ${request.method} ${request.url.slice(0, 200)}.`),
    request,
  );
}
