import Type, { type Static } from 'typebox';

/** Every error response: RFC 9457 problem details (`application/problem+json`). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type ProblemBody = Static<typeof ProblemSchema>;
