import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { expect } from 'vitest';

/** Signs an account up through the API (its e-mail `<handle>@example.com` unless given) and gives its access token. */
export async function signUp(
  baseUrl: string,
  account: { handle: string; password: string; email?: string },
): Promise<string> {
  const { handle, password, email = `${handle}@example.com` } = account;
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, handle, password, session: 'token' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Uploads a video file through the API as the token's account (public unless told) and gives its id. */
export async function uploadVideo(
  baseUrl: string,
  token: string,
  video: { file: string; title: string; visibility?: 'public' | 'unlisted' | 'private' },
): Promise<string> {
  const form = new FormData();
  form.set('title', video.title);
  form.set('visibility', video.visibility ?? 'public');
  form.set('file', new Blob([await readFile(video.file)], { type: 'video/mp4' }), basename(video.file));
  const res = await fetch(`${baseUrl}/api/videos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Waits until the video is ready (failing at once if its processing failed) and gives it as the API shows it. */
export async function videoReady<T extends { status: string }>(
  baseUrl: string,
  id: string,
  token: string,
  timeoutMs = 240_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/videos/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const video = (await res.json()) as T & { failureReason?: string };
    if (video.status === 'ready') return video;
    if (video.status === 'failed') throw new Error(`Processing failed: ${video.failureReason}`);
    if (Date.now() > deadline) throw new Error(`The video never became ready: ${JSON.stringify(video)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
