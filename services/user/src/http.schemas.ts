import { ProblemSchema } from '@framecast/contracts';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';

/** Problem responses a route can give, for the OpenAPI document. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

export const NoContent = Type.Null({ description: 'No content.' });

export const HandleParams = Type.Object(
  { handle: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/**
 * `preValidation` hook for routes whose body is optional (a browser's bodiless POST to refresh or log out):
 * an absent body is validated as `{}`.
 */
export async function emptyBodyAsObject(request: FastifyRequest) {
  if (request.body === undefined || request.body === null) request.body = {};
}

export const bearer = [{ bearer: [] }];
