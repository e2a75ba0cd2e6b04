import { type ErrorCode, errorCatalog, isErrorCode } from '@framecast/contracts/errors';
import { GraphQLError } from 'graphql';

/**
 * A GraphQL error with a code of the error catalog in `extensions.code` and its HTTP status in `extensions.status`:
 * the same codes the REST API answers, so a client places and words them the same way whichever API it used.
 */
export function graphqlError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, status: errorCatalog[code].status, ...extensions } });
}

/** A problem a module answered (`application/problem+json`), as a GraphQL error with the same code and status. */
export function problemError(status: number, body: unknown): GraphQLError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof problem.code === 'string' && isErrorCode(problem.code) ? problem.code : undefined;
  const detail = typeof problem.detail === 'string' ? problem.detail : `The module answered ${status}.`;
  const field = typeof problem.field === 'string' ? { field: problem.field } : {};
  if (!code) return graphqlError(status >= 500 ? 'upstream_failed' : 'bad_request', detail, field);
  return new GraphQLError(detail, { extensions: { code, status, ...field } });
}
