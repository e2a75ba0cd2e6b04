import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Runtime } from '@framecast/kit';
import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { liveModule } from '@framecast/live';
import { goLive } from '@framecast/live/testing';
import { userModule } from '@framecast/user';
import { createVideoModule } from '@framecast/video';
import { type Account, makeReady, register, upload } from '@framecast/video/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModule } from '../gateway.module.js';

// GraphQL over the real runtime with the user, video and live modules in the process, asked over real HTTP.
let h: TestRuntime<Clock>;
let ada: Account;
let bob: Account;
let cy: Account;
/** Ada's public videos, oldest first, and her private one. */
let adaVideos: string[];
let secret: string;
let bobVideo: string;
let cyVideo: string;

beforeAll(async () => {
  h = await startTestRuntime<Clock>({
    catalog: [gatewayModule, userModule, createVideoModule(), liveModule],
    targets: ['gateway', 'user', 'video', 'live'],
    env: {
      ADMIN_EMAIL: 'admin@example.com',
      WEB_DIR: join(tmpdir(), 'framecast-graphql-no-web'),
      GRAPHQL_MAX_DEPTH: '12',
      GRAPHQL_MAX_COST: '500',
      GRAPHIQL: 'true',
    },
  });
  [ada, bob, cy] = await Promise.all([register(h.rt), register(h.rt), register(h.rt)]);
  adaVideos = [];
  for (const title of ['a1', 'a2', 'a3', 'a4', 'a5']) {
    adaVideos.push((await makeReady(h, ada, (await upload(h, ada, { title })).id)).id);
  }
  secret = (await makeReady(h, ada, (await upload(h, ada, { title: 'secret', visibility: 'private' })).id)).id;
  bobVideo = (await makeReady(h, bob, (await upload(h, bob, { title: 'b1' })).id)).id;
  cyVideo = (await makeReady(h, cy, (await upload(h, cy, { title: 'c1' })).id)).id;
});

afterAll(async () => {
  await h?.close();
});

interface GraphQLAnswer {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

async function graphql(
  query: string,
  opts: { who?: Account; variables?: Record<string, unknown> } = {},
): Promise<{ status: number; body: GraphQLAnswer }> {
  const res = await fetch(`${h.rt.url}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.who?.auth ?? {}) },
    body: JSON.stringify({ query, ...(opts.variables ? { variables: opts.variables } : {}) }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLAnswer };
}

/** Requests the modules have answered so far on `route` (GET), from the runtime's own request metrics. */
async function answered(rt: Runtime, route: string): Promise<number> {
  const metric = rt.metrics.getSingleMetric('framecast_http_request_duration_seconds');
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter(
      (v) =>
        (v as { metricName?: string }).metricName?.endsWith('_count') &&
        v.labels.route === route &&
        v.labels.method === 'GET',
    )
    .reduce((sum, v) => sum + v.value, 0);
}

const ROUTES = [
  '/api/videos',
  '/api/videos/:id',
  '/api/channels',
  '/api/channels/:handle',
  '/api/live/channels',
  '/api/channels/:handle/live',
] as const;
/** How many calls each of the video and channel routes took while `run` ran. */
async function callsDuring(run: () => Promise<unknown>): Promise<Record<(typeof ROUTES)[number], number>> {
  const before = await Promise.all(ROUTES.map((route) => answered(h.rt, route)));
  await run();
  const after = await Promise.all(ROUTES.map((route) => answered(h.rt, route)));
  return Object.fromEntries(ROUTES.map((route, i) => [route, (after[i] ?? 0) - (before[i] ?? 0)])) as never;
}

describe('queries', () => {
  it('answers the example query', async () => {
    const id = adaVideos[0];
    const { status, body } = await graphql(`{ video(id: "${id}") { id title viewCount channel { handle } } }`);
    expect(status).toBe(200);
    expect(body).toEqual({ data: { video: { id, title: 'a1', viewCount: 0, channel: { handle: ada.handle } } } });
  });

  it('shows a video as its REST route does: enums, playback, its channel', async () => {
    const { body } = await graphql(
      `query($id: ID!) { video(id: $id) { visibility status source playback { hls thumbnail expiresAt }
        channel { id displayName followerCount following } } }`,
      { variables: { id: adaVideos[1] }, who: bob },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.video).toMatchObject({
      visibility: 'PUBLIC',
      status: 'READY',
      source: 'upload',
      playback: { hls: `/media/videos/${adaVideos[1]}/media/master.m3u8`, expiresAt: null },
      channel: { id: ada.userId, displayName: ada.handle, followerCount: 0, following: false },
    });
  });

  it('answers null for a video that does not exist or is no video id, without asking for the latter', async () => {
    const calls = await callsDuring(async () => {
      const { body } = await graphql(
        '{ missing: video(id: "0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b") { id } nonsense: video(id: "../etc") { id } }',
      );
      expect(body).toEqual({ data: { missing: null, nonsense: null } });
    });
    expect(calls['/api/videos']).toBe(1);
  });

  it('hides a private video from everyone but its owner, alone or in a batch', async () => {
    const query = `{ secret: video(id: "${secret}") { title } open: video(id: "${adaVideos[0]}") { title } }`;
    expect((await graphql(query)).body).toEqual({ data: { secret: null, open: { title: 'a1' } } });
    expect((await graphql(query, { who: bob })).body).toEqual({ data: { secret: null, open: { title: 'a1' } } });
    expect((await graphql(query, { who: ada })).body).toEqual({
      data: { secret: { title: 'secret' }, open: { title: 'a1' } },
    });
    const listing = `{ channel(handle: "${ada.handle}") { videos(first: 50) { edges { node { title } } } } }`;
    const titles = async (who?: Account) => {
      const { body } = await graphql(listing, who ? { who } : {});
      const edges: { node: { title: string } }[] = body.data?.channel.videos.edges ?? [];
      return edges.map((edge) => edge.node.title).sort();
    };
    expect(await titles(bob)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(await titles(ada)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'secret']);
  });

  it('needs a signed-in caller for myVideos, with the REST code', async () => {
    const anonymous = await graphql('{ myVideos { edges { node { id } } } }');
    expect(anonymous.body.data).toBeNull();
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'authentication_required', status: 401 });
    const own = await graphql('{ myVideos(first: 50) { edges { node { title status } } } }', { who: cy });
    expect(own.body.data?.myVideos.edges).toEqual([{ node: { title: 'c1', status: 'READY' } }]);
  });

  it("answers the caller's own channel as viewer, with every video of it; null when signed out", async () => {
    const query = '{ viewer { handle videos(first: 50) { edges { node { title } } } } }';
    expect((await graphql(query)).body).toEqual({ data: { viewer: null } });
    const { body } = await graphql(query, { who: ada });
    expect(body.data?.viewer.handle).toBe(ada.handle);
    expect(body.data?.viewer.videos.edges.map((e: { node: { title: string } }) => e.node.title).sort()).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'secret',
    ]);
  });

  it('answers analytics with null where no analytics module serves them', async () => {
    const { body } = await graphql(`{ video(id: "${adaVideos[0]}") { analytics { views watchTimeSeconds } } }`, {
      who: ada,
    });
    expect(body).toEqual({ data: { video: { analytics: null } } });
  });

  it('reads live sessions: who is live, a channel on air, a session by id', async () => {
    const { session, end } = await goLive(h.rt, bob);
    try {
      const { body } = await graphql(
        `{ liveNow { edges { node { id title channel { handle } } } }
           channel(handle: "${bob.handle}") { live { live hls session { id endedAt } } }
           liveSession(id: "${session.id}") { id viewers replay { id } } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.liveNow.edges).toContainEqual({
        node: { id: session.id, title: `${bob.handle} is live`, channel: { handle: bob.handle } },
      });
      expect(body.data?.channel.live).toEqual({
        live: true,
        hls: `/media/live/${session.id}/ll.m3u8`,
        session: { id: session.id, endedAt: null },
      });
      expect(body.data?.liveSession).toEqual({ id: session.id, viewers: 0, replay: null });
    } finally {
      await end();
    }
    const after = await graphql(`{ channel(handle: "${bob.handle}") { live { live hls session { endReason } } } }`);
    expect(after.body.data?.channel.live).toEqual({ live: false, hls: null, session: { endReason: 'publisher_left' } });
  });
});

describe('batching', () => {
  it('looks up N videos and their channels with one call to each module', async () => {
    const ids = [...adaVideos, bobVideo, cyVideo];
    const fields = ids.map((id, i) => `v${i}: video(id: "${id}") { title channel { handle displayName } }`);
    const calls = await callsDuring(async () => {
      const { body } = await graphql(`{ ${fields.join(' ')} }`);
      expect(body.errors).toBeUndefined();
      expect(Object.keys(body.data ?? {})).toHaveLength(ids.length);
      expect(body.data?.v5.channel.handle).toBe(bob.handle);
      expect(body.data?.v6.channel.handle).toBe(cy.handle);
    });
    expect(calls).toMatchObject({
      '/api/videos': 1,
      '/api/videos/:id': 0,
      '/api/channels': 1,
      '/api/channels/:handle': 0,
    });
  });

  it('counts a GraphQL request once against the rate limit, however many look-ups it makes', async () => {
    const query = `{ videos(first: 50) { edges { node { channel { live { live } } } } } v: video(id: "${secret}") { id } }`;
    const remaining = async () => {
      const res = await fetch(`${h.rt.url}/api/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      expect(res.status).toBe(200);
      return Number(res.headers.get('x-ratelimit-remaining'));
    };
    const first = await remaining();
    expect(first).toBeGreaterThan(0);
    expect(await remaining()).toBe(first - 1);
  });

  it("looks up the streams of a listing's channels in one call to the live module", async () => {
    const calls = await callsDuring(async () => {
      const { body } = await graphql('{ channels(first: 50) { edges { node { handle live { live } } } } }');
      expect(body.errors).toBeUndefined();
      expect(body.data?.channels.edges.length).toBeGreaterThanOrEqual(3);
    });
    expect(calls).toMatchObject({ '/api/channels': 1, '/api/live/channels': 1, '/api/channels/:handle/live': 0 });
  });

  it('looks up the channels of a listing in one call', async () => {
    const calls = await callsDuring(async () => {
      const { body } = await graphql('{ videos(first: 50) { edges { node { id channel { handle } } } } }');
      expect(body.errors).toBeUndefined();
      const handles = new Set(body.data?.videos.edges.map((e: any) => e.node.channel.handle));
      expect(handles).toEqual(new Set([ada.handle, bob.handle, cy.handle]));
    });
    expect(calls).toMatchObject({
      '/api/videos': 1,
      '/api/videos/:id': 0,
      '/api/channels': 1,
      '/api/channels/:handle': 0,
    });
  });
});

describe('pagination', () => {
  const page = (after?: string, first = 2) =>
    graphql(
      `query($after: String, $first: Int) { channel(handle: "${ada.handle}") {
         videos(first: $first, after: $after) {
           edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
      { variables: { first, ...(after ? { after } : {}) } },
    ).then((res) => {
      expect(res.body.errors).toBeUndefined();
      return res.body.data?.channel.videos as {
        edges: { cursor: string; node: { title: string } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string | null };
      };
    });

  it('walks a connection page by page, newest first, without gaps or repeats', async () => {
    const titles: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const { edges, pageInfo } = await page(after);
      titles.push(...edges.map((e) => e.node.title));
      expect(pageInfo.hasPreviousPage).toBe(false);
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
      if (!pageInfo.hasNextPage) break;
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor);
      after = pageInfo.endCursor ?? undefined;
    }
    expect(titles).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
  });

  it('goes on from any edge, not only the last of a page', async () => {
    const first = await page(undefined, 4);
    const second = first.edges[1]?.cursor;
    const next = await page(second, 2);
    expect(next.edges.map((e) => e.node.title)).toEqual(['a3', 'a2']);
    const rest = await page(next.pageInfo.endCursor ?? undefined, 50);
    expect(rest.edges.map((e) => e.node.title)).toEqual(['a1']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a page size out of range and a cursor it did not give out', async () => {
    const big = await graphql(`{ channels(first: 51) { edges { node { handle } } } }`);
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'validation_failed', field: 'first' });
    for (const after of [
      'nope',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["x",99]').toString('base64url'),
    ]) {
      const res = await graphql('query($after: String) { channels(after: $after) { edges { cursor } } }', {
        variables: { after },
      });
      expect(res.body.errors?.[0]?.extensions, after).toMatchObject({ code: 'invalid_cursor', field: 'after' });
    }
    // A well-formed cursor wrapping one the module never wrote: the module's own check answers.
    const forged = Buffer.from(JSON.stringify(['bm9wZQ', 0])).toString('base64url');
    const res = await graphql(`{ channels(after: "${forged}") { edges { cursor } } }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'invalid_cursor', status: 400 });
  });
});

describe('limits and malformed queries', () => {
  it('refuses a query nested too deep before asking any module', async () => {
    // channel → videos → edges → node → channel → videos → edges → node → channel → videos → edges → node → id: 13.
    const deep = `{ channel(handle: "${ada.handle}") { videos { edges { node { channel { videos { edges { node {
      channel { videos(first: 1) { edges { node { id } } } } } } } } } } } } }`;
    const calls = await callsDuring(async () => {
      const { status, body } = await graphql(deep);
      expect(status).toBe(400);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]).toMatchObject({
        message: 'The query nests fields 13 deep; at most 12 are allowed.',
        extensions: { code: 'query_too_deep', status: 400, depth: 13, maxDepth: 12 },
      });
    });
    expect(Object.values(calls).every((n) => n === 0)).toBe(true);
  });

  it('refuses a query that may resolve too many objects before asking any module', async () => {
    const costly =
      'query Wide { channels(first: 50) { edges { node { videos(first: 50) { edges { node { id } } } } } } }';
    const calls = await callsDuring(async () => {
      const { status, body } = await graphql(costly);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'query_too_costly', cost: 2601, maxCost: 500 });
      expect(body.errors?.[0]?.message).toMatch(/^"Wide" may resolve 2601 objects; at most 500 are allowed/);
    });
    expect(Object.values(calls).every((n) => n === 0)).toBe(true);
    // Pages from variables count at their largest.
    const variable = await graphql(
      'query($n: Int) { channels(first: $n) { edges { node { videos(first: $n) { edges { node { id } } } } } } }',
      { variables: { n: 2 } },
    );
    expect(variable.body.errors?.[0]?.extensions).toMatchObject({ code: 'query_too_costly' });
    const small = await graphql(
      '{ channels(first: 5) { edges { node { videos(first: 5) { edges { node { id } } } } } } }',
    );
    expect(small.body.errors).toBeUndefined();
  });

  it.each([
    ['a syntax error', '{ video(id: "x" { id } }'],
    ['an unknown field', '{ video(id: "x") { id nope } }'],
    ['a missing argument', '{ video { id } }'],
    ['an argument of the wrong type', '{ channels(first: "ten") { edges { cursor } } }'],
    [
      'a fragment that spreads itself',
      '{ video(id: "x") { ...A } } fragment A on Video { channel { videos { edges { node { ...A } } } } }',
    ],
  ])('refuses %s with graphql_invalid', async (_name, query) => {
    const { status, body } = await graphql(query);
    expect(status).toBe(400);
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors ?? [])
      expect(error.extensions).toMatchObject({ code: 'graphql_invalid', status: 400 });
  });

  it('refuses a mutation, which the schema has none of', async () => {
    const { body } = await graphql('mutation { video(id: "x") { id } }');
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'graphql_invalid' });
  });

  it('refuses variables that do not fit, a body without a query, a batch of queries, and a query of too many tokens', async () => {
    const variables = await graphql('query($id: ID!) { video(id: $id) { id } }', { variables: { id: { no: 1 } } });
    expect(variables.status).toBe(400);
    expect(variables.body.errors?.[0]?.extensions).toMatchObject({ code: 'graphql_invalid' });
    const empty = await fetch(`${h.rt.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as GraphQLAnswer).errors?.[0]?.extensions).toMatchObject({ code: 'graphql_invalid' });
    const batch = await fetch(`${h.rt.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as GraphQLAnswer).errors?.[0]?.extensions).toMatchObject({ code: 'graphql_invalid' });
    const huge = await graphql(`{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(huge.status).toBe(400);
    expect(huge.body.errors?.[0]?.extensions).toMatchObject({ code: 'graphql_invalid' });
  });

  it('refuses a token that does not verify, and a NUL in the query, with their codes', async () => {
    const forged = await fetch(`${h.rt.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `${ada.auth.authorization.slice(0, -4)}AAAA` },
      body: JSON.stringify({ query: '{ videos { edges { cursor } } }' }),
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as GraphQLAnswer).errors?.[0]?.extensions).toMatchObject({ code: 'invalid_token' });
    const nul = await graphql('{ channel(handle: "a\u0000b") { id } }');
    expect(nul.status).toBe(400);
    expect(nul.body.errors?.[0]?.extensions).toMatchObject({ code: 'validation_failed', status: 400 });
  });

  it('answers queries over GET too, and refuses a non-JSON body as a problem', async () => {
    const query = encodeURIComponent(`{ video(id: "${adaVideos[0]}") { title } }`);
    const res = await fetch(`${h.rt.url}/api/graphql?query=${query}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { video: { title: 'a1' } } });
    const broken = await fetch(`${h.rt.url}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(broken.status).toBe(400);
  });
});

describe('schema and GraphiQL', () => {
  it('serves the schema as SDL', async () => {
    const res = await fetch(`${h.rt.url}/api/graphql/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const sdl = await res.text();
    expect(sdl).toContain('type Query {');
    expect(sdl).toContain('video(id: ID!): Video');
    expect(sdl).toContain('analytics(from: String, to: String): VideoAnalytics');
  });

  it('serves GraphiQL when it is turned on, with a policy letting its page load', async () => {
    const res = await fetch(`${h.rt.url}/api/graphiql`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('GraphiQL');
    expect(res.headers.get('content-security-policy')).toContain('https://unpkg.com');
    const config = await (await fetch(`${h.rt.url}/api/graphiql/config.js`)).text();
    expect(config).toContain("window.GRAPHQL_ENDPOINT = '/api/graphql'");
    // Every other page keeps the strict policy.
    const other = await fetch(`${h.rt.url}/api/graphql/schema.graphql`);
    expect(other.headers.get('content-security-policy')).not.toContain('unpkg');
  });
});
