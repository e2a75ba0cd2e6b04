import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@framecast/adapters';
import type { AuthResult, EventPayloads, EventType } from '@framecast/contracts';
import { loadConfig, type Runtime, startRuntime } from '@framecast/kit';
import { userModule } from '@framecast/user';
import { createVideoModule } from '../video.module.js';

export interface VideoHarness {
  rt: Runtime;
  dataDir: string;
  /** Every event published since start, in order. */
  events: DomainEvent[];
  /** Publishes an event on the bus as another module would (the transcoder, here). */
  publish<T extends EventType>(type: T, payload: EventPayloads[T]): Promise<DomainEvent>;
  close(): Promise<void>;
}

export const ADMIN_EMAIL = 'admin@example.com';

/** The user and video modules through the real runtime, on an in-memory PGlite unless `env` names a database. */
export async function startVideoModule(
  env: Record<string, string> = {},
  videoEnv: Record<string, string> = {},
): Promise<VideoHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'framecast-video-'));
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ADMIN_EMAIL,
    ...env,
  });
  const rt = await startRuntime({
    config,
    catalog: [userModule, createVideoModule(videoEnv)],
    targets: ['user', 'video'],
  });
  const events: DomainEvent[] = [];
  const subscription = await rt.adapters.events.subscribe('video-test', ['#'], async (event) => {
    events.push(event);
  });
  return {
    rt,
    dataDir,
    events,
    async publish(type, payload) {
      const event = { id: crypto.randomUUID(), type, occurredAt: new Date().toISOString(), payload };
      await rt.adapters.events.publish(event);
      return event;
    },
    async close() {
      await subscription.close();
      await rt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Account {
  userId: string;
  handle: string;
  auth: { authorization: string };
}

/** Registers an account; `admin` uses the configured admin e-mail (once per harness). */
export async function register(rt: Runtime, opts: { admin?: boolean } = {}): Promise<Account> {
  const handle = `u_${randomBytes(5).toString('hex')}`;
  const email = opts.admin ? ADMIN_EMAIL : `${handle}@example.com`;
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email, handle, password: 'plum orchard at dusk', session: 'token' },
  });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const result = res.json<AuthResult>();
  return { userId: result.user.id, handle, auth: { authorization: `Bearer ${result.accessToken}` } };
}

/** A multipart/form-data body with text fields and one file part. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { name: string; type: string; bytes: Buffer },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----framecast${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
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

/** Polls until `check` passes (the bus delivers asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
