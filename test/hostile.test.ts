import type { Runtime } from '@framecast/kit';
import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../packages/cli/src/catalog.js';

// Random and hostile input to every route of the API: nothing may answer 5xx or leak internals.
let platform: TestRuntime;
let runtime: Runtime;
let token: string;
const routes: { method: string; url: string }[] = [];

beforeAll(async () => {
  platform = await startTestRuntime({
    catalog,
    targets: ['all'],
    env: {
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    },
  });
  runtime = platform.rt;
  const res = await runtime.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email: 'fuzz@example.com', handle: 'fuzzer', password: 'a long enough passphrase', session: 'token' },
  });
  token = res.json().accessToken;
  const spec = runtime.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const method of Object.keys(methods)) {
      // Path parameters get the signed-in user's own handle/id so routes reach their handlers.
      routes.push({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, 'fuzzer') });
    }
  }
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

const LEAKS = /node_modules|\bat .+:\d+:\d+|Error: |stack|\/work\/|\.ts:\d+/;

const hostileBodies: fc.Arbitrary<string> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }).map((v) => {
    try {
      return JSON.stringify(v) ?? 'null';
    } catch {
      return '{}';
    }
  }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{"__proto__": {"admin": true}}',
    '{"constructor": {"prototype": {"admin": true}}}',
    '{"email": {"$gt": ""}, "password": {"$ne": null}}',
    `{"handle": "${'a'.repeat(100_000)}"}`,
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    '{"email": "a@b.c", "password": "\u0000\u0000"}',
    "' OR 1=1 --",
    '{"handle": "../../etc/passwd"}',
    '\uD800',
  ),
);

describe('hostile requests', () => {
  it('found the routes to attack', () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  it('answers every route without a 5xx or a leaked stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        hostileBodies,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'image/png'),
        fc.boolean(),
        async (route, body, contentType, signedIn) => {
          const res = await runtime.app.inject({
            method: route.method as 'GET',
            url: route.url,
            payload: ['GET', 'HEAD'].includes(route.method) ? undefined : body,
            headers: {
              'content-type': contentType,
              ...(signedIn ? { authorization: `Bearer ${token}` } : {}),
            },
          });
          if (res.statusCode >= 500 || LEAKS.test(res.body)) {
            throw new Error(
              `${route.method} ${route.url} (${contentType}) → ${res.statusCode}: ${res.body.slice(0, 300)}`,
            );
          }
        },
      ),
      { numRuns: 600, seed: 20261126 },
    );
  }, 120_000);

  it('answers random query strings and path segments without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.string({ maxLength: 60 }), async (route, junk) => {
        const url = `${route.url.replace('fuzzer', encodeURIComponent(junk) || 'x')}?limit=${encodeURIComponent(junk)}&cursor=${encodeURIComponent(junk)}`;
        const res = await runtime.app.inject({ method: route.method as 'GET', url });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 300, seed: 7 },
    );
  }, 120_000);
});
