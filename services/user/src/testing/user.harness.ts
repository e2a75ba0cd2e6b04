import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@framecast/adapters';
import type { AuthResult } from '@framecast/contracts';
import { type Clock, type Config, loadConfig, type Runtime, startRuntime } from '@framecast/kit';
import type { LightMyRequestResponse } from 'fastify';
import { userModule } from '../user.module.js';

/** A clock tests can move: `shift(ms)` moves every later `now()` by that much. */
export interface TestClock extends Clock {
  shift(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    shift(ms) {
      offset += ms;
    },
  };
}

export interface UserHarness {
  rt: Runtime;
  config: Config;
  clock: TestClock;
  /** Every event the module published since start, in order. */
  events: DomainEvent[];
  close(): Promise<void>;
}

/** Starts the user module through the real runtime, on an in-memory PGlite unless `env` names a database. */
export async function startUserModule(env: Record<string, string> = {}): Promise<UserHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'framecast-user-'));
  const clock = testClock();
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...env,
  });
  const rt = await startRuntime({ config, catalog: [userModule], targets: ['user'], clock });
  const events: DomainEvent[] = [];
  const subscription = await rt.adapters.events.subscribe('user-test', ['#'], async (event) => {
    events.push(event);
  });
  return {
    rt,
    config,
    clock,
    events,
    async close() {
      await subscription.close();
      await rt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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

/** Waits until `events` holds one matching `match` (the outbox relays after commit, asynchronously). */
export async function waitForEvent(
  events: DomainEvent[],
  match: (e: DomainEvent) => boolean,
  timeoutMs = 5000,
): Promise<DomainEvent> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find(match);
    if (found) return found;
    if (Date.now() > until)
      throw new Error(`no matching event within ${timeoutMs} ms; saw ${events.map((e) => e.type)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The value of one series of a metric, by labels. */
export async function metricValue(rt: Runtime, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = rt.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const hit = values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return hit ? Number(hit.value) : 0;
}
