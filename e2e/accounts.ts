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
