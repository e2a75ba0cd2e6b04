import type { AuthResult, Video } from '@framecast/contracts';
import type { Runtime, ServiceModule } from '@framecast/kit';
import { eventually, startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../packages/cli/src/catalog.js';
import { resultFor } from '../services/video/src/testing/video.fixtures.js';
import { multipartBody } from '../services/video/src/testing/video.harness.js';

// Random and hostile input to every route the server registers (tus and /media included), with the ids of real
// resources as well as junk: nothing may answer 5xx or leak internals, and every error is a problem with a request id.

interface Route {
  method: string;
  url: string;
}

/** Every route as the server registers it: the gateway's edge adds an `onRoute` hook before any module's routes. */
const registered: Route[] = [];
const withRouteListing: readonly ServiceModule[] = catalog.map((module) =>
  module.name !== 'gateway'
    ? module
    : {
        ...module,
        async init(ctx) {
          const service = await module.init(ctx);
          return {
            ...service,
            async edge(app) {
              app.addHook('onRoute', (route) => {
                for (const method of [route.method].flat()) registered.push({ method, url: route.url });
              });
              await service.edge?.(app);
            },
          };
        },
      },
);

let platform: TestRuntime;
let runtime: Runtime;
/** The fuzzer owns the resources; `other` is a second account (used for everything destructive). */
const tokens: Record<'fuzzer' | 'other', string> = { fuzzer: '', other: '' };
let refreshCookie = '';
const values: Record<string, string[]> = {};
let routes: Route[] = [];

const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ZERO_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  platform = await startTestRuntime({
    catalog: withRouteListing,
    // No transcoder: the fake clip would fail; its outputs are written below instead.
    targets: ['gateway', 'user', 'video', 'live', 'chat', 'analytics', 'notification'],
    env: {
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    },
  });
  runtime = platform.rt;
  const register = async (handle: string, session: 'token' | 'cookie' = 'token') => {
    const res = await runtime.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: `${handle}@example.com`, handle, password: 'a long enough passphrase', session },
    });
    if (res.statusCode !== 201) throw new Error(`register ${handle}: ${res.statusCode} ${res.body}`);
    return res;
  };
  const fuzzer = (await register('fuzzer')).json<AuthResult>();
  tokens.fuzzer = fuzzer.accessToken;
  const other = await register('other_one', 'cookie');
  tokens.other = other.json<AuthResult>().accessToken;
  refreshCookie = String(other.cookies.find((c) => c.name === 'framecast_refresh')?.value);
  const auth = { authorization: `Bearer ${tokens.fuzzer}` };

  // Two ready videos (public and private) with their media files, and a resumable upload under way.
  const ready: Video[] = [];
  for (const visibility of ['public', 'private']) {
    const body = multipartBody(
      { title: 'clip', visibility },
      { name: 'clip.mp4', type: 'video/mp4', bytes: Buffer.alloc(100, 7) },
    );
    const res = await runtime.app.inject({
      method: 'POST',
      url: '/api/videos',
      ...body,
      headers: { ...body.headers, ...auth },
    });
    const id = res.json<Video>().id;
    for (const file of [
      'media/master.m3u8',
      'media/manifest.mpd',
      'media/360p/seg_00001.m4s',
      'poster.jpg',
      'thumbnail.jpg',
      'storyboard.vtt',
    ]) {
      await runtime.adapters.storage.put(`videos/${id}/${file}`, Buffer.from('#EXTM3U\n'));
    }
    await platform.publish('transcode.completed', resultFor(id));
    ready.push(
      await eventually(async () => {
        const video = (await runtime.app.inject({ url: `/api/videos/${id}`, headers: auth })).json<Video>();
        if (video.status !== 'ready') throw new Error(`video is ${video.status}`);
        return video;
      }),
    );
  }
  const [open, hidden] = ready as [Video, Video];
  const tus = await runtime.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: {
      ...auth,
      'tus-resumable': '1.0.0',
      'upload-length': '1000',
      'upload-metadata': `filename ${Buffer.from('a.mp4').toString('base64')}`,
    },
  });
  const uploadId = String(tus.headers.location).split('/').pop()!;
  const signed = (url: string) => url.replace(`/media/videos/${hidden.id}/`, '');

  values.id = [open.id, hidden.id, uploadId, fuzzer.user.id, ZERO_ID, 'not-a-uuid', `${open.id}%00`, '%ff', '..'];
  values.handle = ['fuzzer', 'other_one', 'FUZZER', 'nobody_here', 'a%00b', 'x'.repeat(250), '%2e%2e', '%C0%AE'];
  values['*'] = [
    'media/master.m3u8',
    'media/360p/seg_00001.m4s',
    'poster.jpg',
    'storyboard.vtt',
    signed(hidden.playback!.hls),
    signed(hidden.playback!.poster),
    'original',
    'media/../original',
    'media/%2e%2e/original',
    't/garbage/media/master.m3u8',
    `t/${'9'.repeat(12)}.${'A'.repeat(43)}/poster.jpg`,
    'media/%00.m3u8',
    'home/remoteEntry.js',
    '%ff',
  ];
  routes = [...new Map(registered.map((r) => [`${r.method} ${r.url}`, r])).values()];
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

/** The route's template with a value for each parameter. */
function fill(template: string, pick: (name: string) => string): string {
  return template.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => pick(name ?? whole));
}

const junkOf = (name: string) => values[name] ?? ['fuzzer', ZERO_ID, '%00', 'x'.repeat(250)];

/** Percent-encodes the `at`-th letter of the path: the same route under another spelling. */
function percentEncode(url: string, at: number): string {
  const letters = [...url.matchAll(/[a-z]/g)];
  const hit = letters[at % Math.max(1, letters.length)];
  if (!hit || hit.index === undefined) return url;
  const code = hit[0].charCodeAt(0).toString(16);
  return `${url.slice(0, hit.index)}%${at % 2 ? code.toUpperCase() : code}${url.slice(hit.index + 1)}`;
}

const LEAKS = /node_modules|\bat .+:\d+:\d+|Error: |"stack"|\/work\/|\.ts:\d+/;
const GRAPHQL_LEAKS = /node_modules|\bat .+:\d+:\d+|"stack"|\/work\/|\.ts:\d+/;
/** A request to the GraphQL endpoint itself (not its schema's SDL), however its letters are spelled. */
const isGraphQL = (description: string) =>
  /^\w+ \/api\/graphql(?:[?\s]|$)/.test(
    description.replace(/%([0-9a-f]{2})/gi, (whole, hex: string) => {
      const letter = String.fromCharCode(Number.parseInt(hex, 16));
      return /[a-z]/i.test(letter) ? letter : whole;
    }),
  );
/** Files served as they were built (the web app's scripts hold their own error strings): not answers we compose. */
const BUILT_FILE = /javascript|css|image\/|font\/|wasm|video\/|audio\/|mpegurl|dash\+xml|octet-stream|text\/vtt/;

const cursors = [
  crafted(['new', '0000-01-01T00:00:00.000Z', ZERO_ID]),
  crafted(['new', '-271821-04-20T00:00:00.000Z', ZERO_ID]),
  crafted(['popular', 1e308, ZERO_ID]),
  crafted(['popular', 2 ** 53, ZERO_ID]),
  crafted(['popular', 2 ** 31, ZERO_ID]),
  crafted(['new', { $gt: '' }, ZERO_ID]),
  crafted(['popular', '1', [ZERO_ID]]),
  crafted([null, null, null]),
  crafted('x'),
  crafted(null),
  'A'.repeat(199),
  '%00',
  '!!',
];

const queries: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...cursors).map((c) => `?cursor=${c}`),
  fc.constantFrom(...cursors).map((c) => `?sort=popular&cursor=${c}`),
  fc.string({ maxLength: 40 }).map((s) => `?limit=${encodeURIComponent(s)}&sort=${encodeURIComponent(s)}`),
  fc.constantFrom('?returnTo=//evil.example', '?returnTo=%00', '?v=%00', '?limit=1e999', '?__proto__[x]=1', '?a=%ff'),
);

/** JSON whose text fields hold NUL characters. */
const nulJson = fc
  .dictionary(
    fc.constantFrom('email', 'handle', 'password', 'displayName', 'bio', 'title', 'description', 'refreshToken', 'x'),
    fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  )
  .map((o) => JSON.stringify(o));

let deep = '"x"';
for (let i = 0; i < 20_000; i++) deep = `{"a":${deep}}`;

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
  nulJson,
  fc.constantFrom(
    '{"__proto__": {"admin": true}}',
    '{"constructor": {"prototype": {"admin": true}}}',
    '{"email": {"$gt": ""}, "password": {"$ne": null}}',
    `{"handle": "${'a'.repeat(100_000)}"}`,
    `{"title": "${'a'.repeat(1_500_000)}"}`,
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    deep,
    '{"email": "a@b.c", "password": "\\u0000\\u0000"}',
    '{"displayName": "\\u202Egpj.exe"}',
    "' OR 1=1 --",
    '{"handle": "../../etc/passwd"}',
    '\uD800',
    '',
  ),
);

const contentTypes = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/offset+octet-stream',
  'image/png',
);

const tusHeaders = fc.oneof(
  fc.constant({}),
  fc.record({
    'tus-resumable': fc.constantFrom('1.0.0', '0.2', ''),
    'upload-length': fc.constantFrom('10', '-1', '1e30', 'x', '99999999999999999999'),
    'upload-offset': fc.constantFrom('0', '5', '-3', 'abc'),
    'upload-metadata': fc.constantFrom(
      `filename ${Buffer.from('a\u0000.mp4').toString('base64')}`,
      `filename ${Buffer.from('a.mp4').toString('base64')},title ${Buffer.from('\u202E').toString('base64')}`,
      'filename @@@',
      '',
    ),
  }),
);

type Who = 'anonymous' | 'fuzzer' | 'other' | 'cookie' | 'forged';

function headersFor(who: Who): Record<string, string> {
  switch (who) {
    case 'anonymous':
      return {};
    case 'forged':
      return { authorization: `Bearer ${tokens.fuzzer.slice(0, -4)}AAAA` };
    case 'cookie':
      return { cookie: `framecast_refresh=${refreshCookie}`, origin: 'https://evil.example' };
    default:
      return { authorization: `Bearer ${tokens[who]}` };
  }
}

/** Throws unless the answer is one we stand behind: no 5xx, no internals, errors as problems with a request id. */
function check(description: string, res: LightMyRequestResponse) {
  const fail = (why: string) => {
    throw new Error(`${description} → ${res.statusCode} ${why}: ${res.body.slice(0, 300)}`);
  };
  if (res.statusCode >= 500) fail('server error');
  const builtFile = res.statusCode < 300 && BUILT_FILE.test(String(res.headers['content-type']));
  const leaks = isGraphQL(description) ? GRAPHQL_LEAKS : LEAKS;
  if (!builtFile && leaks.test(res.body)) fail('leaks internals');
  const requestId = res.headers['x-request-id'];
  if (!requestId) fail('has no X-Request-Id');
  // GraphQL answers in its own format: `{data, errors}` (graphql's own messages say "Syntax Error: …"), each error
  // with a catalog code.
  if (isGraphQL(description)) {
    if (res.statusCode >= 400 && res.body !== '') {
      if (!String(res.headers['content-type']).startsWith('application/json')) fail('is not JSON');
      const { errors } = res.json() as { errors?: { extensions?: { code?: unknown } }[] };
      if (!errors?.length || !errors.every((e) => typeof e.extensions?.code === 'string')) fail('has uncoded errors');
    }
    return;
  }
  if (res.statusCode >= 400 && res.body !== '') {
    if (!String(res.headers['content-type']).startsWith('application/problem+json')) fail('is not problem+json');
    if (res.json().requestId !== requestId) fail('has no request id in its problem');
  }
}

/** Never deletes what the fuzzer owns, never the accounts: those are asked of anonymous callers and `other` only. */
const safeWho = (route: Route, who: Who): Who =>
  route.method === 'DELETE' && (who === 'fuzzer' || route.url === '/api/users/me') ? 'anonymous' : who;

describe('hostile requests', () => {
  it('found every route the server registers, tus and /media included', () => {
    const urls = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const expected of [
      'POST /api/auth/login',
      'PATCH /api/uploads/:id',
      'POST /api/uploads',
      'GET /media/videos/:id/*',
      'POST /api/analytics/events',
      'PUT /api/users/me/avatar',
      'GET /api/channels/:handle/videos',
    ]) {
      expect(urls, expected).toContain(expected);
    }
    expect(routes.length).toBeGreaterThan(30);
  });

  it('answers every route with every real and junk parameter, without a 5xx', async () => {
    for (const route of routes) {
      const names = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
      const choices = names.length === 0 ? [0] : junkOf(names[0]!).map((_, i) => i);
      for (const i of choices) {
        const url = fill(route.url, (name) => {
          const pool = junkOf(name);
          return pool[i % pool.length]!;
        });
        for (const who of ['anonymous', 'fuzzer'] as const) {
          const as = safeWho(route, who);
          const res = await runtime.app.inject({
            method: route.method as 'GET',
            url,
            headers: {
              ...headersFor(as),
              ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { 'content-type': 'application/json' }),
            },
            ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: '{}' }),
          });
          check(`${route.method} ${url} as ${as}`, res);
        }
      }
    }
  }, 60_000);

  it('answers random hostile requests to every route without a 5xx, a stack trace or an unformatted error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.option(fc.nat(), { nil: undefined }),
        queries,
        hostileBodies,
        contentTypes,
        tusHeaders,
        fc.constantFrom<Who>('anonymous', 'fuzzer', 'other', 'cookie', 'forged'),
        async (route, picks, encodeAt, query, body, contentType, tus, who) => {
          let n = 0;
          let url = fill(route.url, (name) => {
            const pool = junkOf(name);
            return pool[picks[n++ % picks.length]! % pool.length]!;
          });
          if (encodeAt !== undefined) url = percentEncode(url, encodeAt);
          const as = safeWho(route, who);
          const res = await runtime.app.inject({
            method: route.method as 'GET',
            url: url + query,
            payload: ['GET', 'HEAD'].includes(route.method) ? undefined : body,
            headers: { 'content-type': contentType, ...tus, ...headersFor(as) },
          });
          check(`${route.method} ${url + query} (${contentType}) as ${as}`, res);
        },
      ),
      { numRuns: 1200, seed: 20261201 },
    );
  }, 90_000);
});
