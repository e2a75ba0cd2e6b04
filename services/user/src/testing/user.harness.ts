import { randomBytes } from 'node:crypto';
import type { AuthResult } from '@framecast/contracts';
import type { Runtime } from '@framecast/kit';
import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import type { LightMyRequestResponse } from 'fastify';
import { userModule } from '../user.module.js';

export type UserHarness = TestRuntime;

/** Starts the user module through the real runtime, on an in-memory PGlite unless `env` names a database. */
export function startUserModule(env: Record<string, string> = {}): Promise<UserHarness> {
  return startTestRuntime({ catalog: [userModule], targets: ['user'], env });
}

/** A password the policy accepts. */
export const GOOD_PASSWORD = 'plum orchard at dusk';

/** A fresh handle for each call, so tests sharing one database do not collide. */
export function uniqueHandle(prefix = 'user'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface Registered {
  result: AuthResult;
  handle: string;
  email: string;
  password: string;
  /** Refresh token: from the body in token mode, else from the cookie. */
  refreshToken: string;
  auth: { authorization: string };
}

/** Registers an account (token mode unless told otherwise) and returns what the tests need of it. */
export async function register(
  rt: Runtime,
  opts: { handle?: string; email?: string; password?: string; session?: 'cookie' | 'token' } = {},
): Promise<Registered> {
  const handle = opts.handle ?? uniqueHandle();
  const email = opts.email ?? `${handle}@example.com`;
  const password = opts.password ?? GOOD_PASSWORD;
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email, handle, password, session: opts.session ?? 'token' },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const result = res.json<AuthResult>();
  const refreshToken = result.refreshToken ?? cookie(res, 'framecast_refresh')?.value ?? '';
  return { result, handle, email, password, refreshToken, auth: bearer(result.accessToken) };
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

export function cookie(res: LightMyRequestResponse, name: string) {
  return (
    res.cookies as {
      name: string;
      value: string;
      path?: string;
      maxAge?: number;
      httpOnly?: boolean;
      secure?: boolean;
      sameSite?: string;
      expires?: Date;
    }[]
  ).find((c) => c.name === name);
}
