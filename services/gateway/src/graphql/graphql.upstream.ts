import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problemError } from './graphql.errors.js';

/** Marks the gateway's own requests to the modules, which the edge does not count against the caller's rate limit. */
export const INTERNAL_HEADER = 'x-framecast-internal';

export type Query = Record<string, string | number | undefined>;

/** One GraphQL request's way to the modules' HTTP APIs, as its caller. */
export interface Upstream {
  /** The JSON a module answers; a problem it answers is thrown as a GraphQL error with the same code. */
  get<T>(path: string, query?: Query): Promise<T>;
  /** As `get`, but `undefined` when the module says 404 (nothing there for this caller, or no such route here). */
  find<T>(path: string, query?: Query): Promise<T | undefined>;
}

/**
 * Calls the modules through this process's own router (`inject`): a module running here answers in-process, and a
 * module served by another process (microservices mode) is reached through the gateway's proxy of its prefixes, so
 * GraphQL takes one path in both modes. Each call carries the caller's `Authorization` and request id, so every
 * module applies its own access rules and logs the same id; and the internal mark, so the edge counts the GraphQL
 * request once, not once per look-up (the cost limit bounds those).
 */
export function upstream(app: FastifyInstance, request: FastifyRequest, internalKey: string): Upstream {
  const headers: Record<string, string> = { 'x-request-id': String(request.id), [INTERNAL_HEADER]: internalKey };
  if (request.headers.authorization) headers.authorization = request.headers.authorization;

  const call = async (path: string, query: Query = {}) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
    const url = search.size > 0 ? `${path}?${search}` : path;
    const res = await app.inject({ method: 'GET', url, headers, remoteAddress: request.ip });
    const body: unknown = res.body.length > 0 ? safeJson(res.body) : undefined;
    return { status: res.statusCode, body };
  };

  return {
    async get<T>(path: string, query?: Query) {
      const { status, body } = await call(path, query);
      if (status >= 200 && status < 300) return body as T;
      throw problemError(status, body);
    },
    async find<T>(path: string, query?: Query) {
      const { status, body } = await call(path, query);
      if (status >= 200 && status < 300) return body as T;
      if (status === 404) return undefined;
      throw problemError(status, body);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
