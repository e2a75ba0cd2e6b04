import { randomBytes } from 'node:crypto';
import type { AuthResult } from '@framecast/contracts';
import type { Clock, Runtime } from '@framecast/kit';
import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { userModule } from '@framecast/user';
import { createVideoModule, type VideoModuleOptions } from '../video.module.js';

export type VideoHarness = TestRuntime<Clock>;

export const ADMIN_EMAIL = 'admin@example.com';

export interface HarnessOptions extends VideoModuleOptions {
  clock?: Clock;
  /** A data directory the caller owns, kept on close (a restart on the same files and embedded database). */
  dataDir?: string;
}

/** The user and video modules through the real runtime, on an in-memory PGlite unless `env` names a database. */
export function startVideoModule(
  env: Record<string, string> = {},
  videoEnv: Record<string, string> = {},
  opts: HarnessOptions = {},
): Promise<VideoHarness> {
  const { clock, dataDir, ...moduleOptions } = opts;
  return startTestRuntime<Clock>({
    catalog: [userModule, createVideoModule(moduleOptions)],
    targets: ['user', 'video'],
    env: { ADMIN_EMAIL, ...env, ...videoEnv },
    ...(clock ? { clock } : {}),
    ...(dataDir ? { dataDir } : {}),
  });
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
