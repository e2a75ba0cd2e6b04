import Type, { type Static } from 'typebox';

/** Every error response: RFC 9457 problem details (`application/problem+json`). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: '`urn:framecast:problem:<code>`' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'What went wrong, for people.' }),
    /** A key of `errorCatalog`; the OpenAPI document lists them once as `ErrorCode`, not in every answer. */
    code: Type.String({ description: 'What went wrong, for programs: one of `#/components/schemas/ErrorCode`.' }),
    /** The request field the problem is about, when it is about one (`validation_failed`, …). */
    field: Type.Optional(Type.String({ description: 'The request field the problem is about, when there is one.' })),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type ProblemBody = Static<typeof ProblemSchema>;
