import { errorFromResponse, networkError } from './api-error.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestSpec {
  method: Method;
  path: string;
  query?: Record<string, string | number | null | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with the blob's type as Content-Type (avatar uploads). */
  blob?: Blob;
  /** Sent as multipart/form-data; the browser writes the boundary into Content-Type. */
  form?: FormData;
  /**
   * Whether the request belongs to the signed-in session (default true): it waits for a refresh in
   * flight, carries the access token, and after a 401 refreshes once and tries again. The auth
   * endpoints themselves set it to false.
   */
  session?: boolean;
  /** The request may outlive the page (`fetch`'s `keepalive`): what a player sends as it is closed. */
  keepalive?: boolean;
}

export interface TransportDeps {
  baseUrl: string;
  fetch: typeof fetch;
  accessToken(): string | null;
  /** Settles once no session refresh is in flight. */
  settled(): Promise<unknown>;
  /** Gets a new access token; false when the session is gone. */
  renew(): Promise<boolean>;
}

export type Send = <T>(spec: RequestSpec) => Promise<T>;

export function buildUrl(baseUrl: string, path: string, query?: RequestSpec['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

export function createTransport(deps: TransportDeps): Send {
  const attempt = async (spec: RequestSpec, token: string | null): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.blob) {
      headers['content-type'] = spec.blob.type || 'application/octet-stream';
      body = spec.blob;
    } else if (spec.form) {
      body = spec.form;
    }
    try {
      // same-origin: the refresh cookie travels with auth calls; the API is served from the app's origin.
      return await deps.fetch(buildUrl(deps.baseUrl, spec.path, spec.query), {
        method: spec.method,
        headers,
        body,
        credentials: 'same-origin',
        ...(spec.keepalive ? { keepalive: true } : {}),
      });
    } catch {
      throw networkError();
    }
  };

  return async function send<T>(spec: RequestSpec): Promise<T> {
    const session = spec.session !== false;
    if (session) await deps.settled();
    const token = session ? deps.accessToken() : null;
    let response = await attempt(spec, token);
    if (response.status === 401 && token && (await deps.renew())) {
      response = await attempt(spec, deps.accessToken());
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  };
}
