import { InvalidKeyError, ObjectNotFoundError, RangeNotSatisfiableError } from '@framecast/adapters/storage';
import { type ErrorCode, errorCatalog } from '@framecast/contracts/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, toProblem } from './errors.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Socket errors of a proxied request that mean the service behind it is not there. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'UND_ERR_SOCKET']);
const UPSTREAM_DOWN = 'A service behind the gateway is not answering; try again shortly.';

/** Error codes of Fastify and its plugins that are the client's fault, with what we tell the client. */
const fastifyCodes: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', message: 'The JSON request body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_content_length' },
  FST_ERR_CTP_EMPTY_TYPE: { code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'unsupported_media_type' },
  FST_ERR_BAD_URL: { code: 'bad_url', message: 'The request URL is malformed.' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'bad_request' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'url_too_long', message: 'A part of the request URL is too long.' },
  FST_REPLY_FROM_SERVICE_UNAVAILABLE: { code: 'upstream_unavailable', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_BAD_GATEWAY: { code: 'upstream_failed', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_GATEWAY_TIMEOUT: { code: 'upstream_timeout', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_TIMEOUT: { code: 'upstream_timeout', message: UPSTREAM_DOWN },
  FST_REPLY_FROM_HTTP_REQUEST_TIMEOUT: { code: 'upstream_timeout', message: UPSTREAM_DOWN },
  UND_ERR_CONNECT_TIMEOUT: { code: 'upstream_timeout', message: UPSTREAM_DOWN },
};

/**
 * Other client errors of plugins (a multipart limit, a rate limit) by their status; any other 4xx is `bad_request`.
 * Each code keeps the status the catalog gives it.
 */
const clientErrorCodes: Record<number, ErrorCode> = {
  406: 'unsupported_media_type',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** An error of the catalog's `code`, with the catalog's status for it. */
function catalogError(code: ErrorCode, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(errorCatalog[code].status, code, message, details);
}

/** Turns anything thrown into an `AppError`: known client errors keep their meaning, the rest become a bare 500. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as Partial<FastifyError> & { code?: string; validationContext?: string; validation?: unknown[] };
  if (e.validation) {
    const { message, field } = describeValidation(e as FastifyError);
    return AppError.badRequest('validation_failed', message, field ? { field } : undefined);
  }
  if (error instanceof ObjectNotFoundError) return AppError.notFound('not_found', 'That file does not exist.');
  if (error instanceof RangeNotSatisfiableError) {
    return new AppError(416, 'range_not_satisfiable', 'The requested byte range is outside the file.');
  }
  if (error instanceof InvalidKeyError) {
    return AppError.badRequest('invalid_key', 'That path does not name a file that could exist.');
  }
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  if (e.code === 'FST_REPLY_FROM_INTERNAL_SERVER_ERROR' && cause && UNREACHABLE.has(cause)) {
    return new AppError(503, 'upstream_unavailable', UPSTREAM_DOWN);
  }
  const known = e.code ? fastifyCodes[e.code] : undefined;
  if (known) return catalogError(known.code, known.message ?? e.message ?? 'Bad request.');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return catalogError(clientErrorCodes[e.statusCode] ?? 'bad_request', e.message || 'Bad request.');
  }
  return new AppError(500, 'internal_error', 'Something went wrong on our side. Try again later.', undefined, {
    cause: error,
  });
}

/**
 * "body/email must match format "email"" → `"email" must be a valid email.`, with the field it is about (the
 * top-level property: `tags` for `/tags/3`), so a form can show it beside that field without reading the sentence.
 */
function describeValidation(error: FastifyError): { message: string; field?: string } {
  const first = error.validation?.[0] as { instancePath?: string; params?: Record<string, unknown> } | undefined;
  const path = (first?.instancePath ?? '').replace(/^\//, '');
  const named = path.split('/')[0] || first?.params?.missingProperty || first?.params?.additionalProperty;
  const message = validationMessage(error);
  return typeof named === 'string' && named ? { message, field: named } : { message };
}

function validationMessage(error: FastifyError): string {
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
