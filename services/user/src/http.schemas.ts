import type { FastifyRequest } from 'fastify';

/**
 * `preValidation` hook for routes whose body is optional (a browser's bodiless POST to refresh or log out):
 * an absent body is validated as `{}`.
 */
export async function emptyBodyAsObject(request: FastifyRequest) {
  if (request.body === undefined || request.body === null) request.body = {};
}
