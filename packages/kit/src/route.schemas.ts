import { ProblemSchema } from '@framecast/contracts';
import Type from 'typebox';

/** Schemas many modules' routes share, for validation and the OpenAPI document. */

/** Problem responses a route can give. */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

/** The route takes an access token (`Authorization: Bearer`). */
export const bearer = [{ bearer: [] }];

export const NoContent = Type.Null({ description: 'No content.' });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const HandleParams = Type.Object(
  { handle: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);

/** A page of a listing: at most 50 rows, after the cursor a previous page gave. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
