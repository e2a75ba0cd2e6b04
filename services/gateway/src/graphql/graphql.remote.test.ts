import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, ModuleName, Runtime, ServiceModule } from '@framecast/kit';
import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { userModule } from '@framecast/user';
import { createVideoModule } from '@framecast/video';
import { type Account, makeReady, register, upload } from '@framecast/video/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModule } from '../gateway.module.js';

// Microservices mode: the gateway in one runtime, the user and video modules in another, reached over HTTP through
// the gateway's proxy. GraphQL takes the same path as in one process.
let modules: TestRuntime<Clock>;
let gateway: TestRuntime<Clock>;
let ada: Account;
let bob: Account;
let open: string[];
let secret: string;
/** A stand-in for the analytics module (being built beside this): what it was asked, and with which token. */
let analytics: Server;
const asked: { url: string; authorization: string | null }[] = [];

function analyticsStandIn(): Promise<Server> {
  const server = createServer((req, res) => {
    asked.push({ url: String(req.url), authorization: req.headers.authorization ?? null });
    const problem = (status: number, code: string) => {
      res.writeHead(status, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ status, code, detail: `stand-in ${code}` }));
    };
    if (!req.headers.authorization) return problem(401, 'authentication_required');
    if (req.url?.includes(open[3] ?? 'none')) return problem(403, 'forbidden');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        views: 7,
        uniqueViewers: 5,
        watchTimeSeconds: 123.5,
        averageViewDurationSeconds: 17.6,
        retention: [1, 0.5],
        qoe: {},
        series: [],
      }),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The analytics module's catalog entry, as it will be: served elsewhere, only its prefix matters here. */
const remoteAnalytics = {
  name: 'analytics' as ModuleName,
  deps: [],
  prefixes: ['/api/analytics'],
  init: () => Promise.reject(new Error('the analytics module runs in another process')),
} satisfies ServiceModule;

beforeAll(async () => {
  const video = createVideoModule();
  modules = await startTestRuntime<Clock>({ catalog: [userModule, video], targets: ['user', 'video'] });
  analytics = await analyticsStandIn();
  gateway = await startTestRuntime<Clock>({
    catalog: [gatewayModule, userModule, video, remoteAnalytics],
    targets: ['gateway'],
    env: {
      USER_SERVICE_URL: modules.rt.url,
      VIDEO_SERVICE_URL: modules.rt.url,
      ANALYTICS_SERVICE_URL: `http://127.0.0.1:${(analytics.address() as AddressInfo).port}`,
      WEB_DIR: join(tmpdir(), 'framecast-graphql-no-web'),
    },
  });
  [ada, bob] = await Promise.all([register(modules.rt), register(modules.rt)]);
  open = [];
  for (const title of ['a1', 'a2', 'a3'])
    open.push((await makeReady(modules, ada, (await upload(modules, ada, { title })).id)).id);
  open.push((await makeReady(modules, bob, (await upload(modules, bob, { title: 'b1' })).id)).id);
  secret = (await makeReady(modules, ada, (await upload(modules, ada, { title: 'secret', visibility: 'private' })).id))
    .id;
});

afterAll(async () => {
  await gateway?.close();
  await modules?.close();
  analytics?.closeAllConnections();
  analytics?.close();
});

async function graphql(query: string, who?: Account) {
  const res = await fetch(`${gateway.rt.url}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(who?.auth ?? {}) },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: any; errors?: { path?: unknown[]; extensions?: unknown }[] },
  };
}

async function answered(rt: Runtime, route: string): Promise<number> {
  const metric = rt.metrics.getSingleMetric('framecast_http_request_duration_seconds');
  const values = metric ? (await metric.get()).values : [];
  return values
    .filter(
      (v) =>
        (v as { metricName?: string }).metricName?.endsWith('_count') &&
        v.labels.route === route &&
        v.labels.method === 'GET',
    )
    .reduce((sum, v) => sum + v.value, 0);
}

describe('GraphQL with the modules in another process', () => {
  it('batches N videos and their channels into one call to each module, over the proxy', async () => {
    const routes = ['/api/videos', '/api/videos/:id', '/api/channels', '/api/channels/:handle'];
    const before = await Promise.all(routes.map((route) => answered(modules.rt, route)));
    const fields = [...open, secret].map((id, i) => `v${i}: video(id: "${id}") { title channel { handle } }`);
    const { status, body } = await graphql(`{ ${fields.join(' ')} }`);
    const after = await Promise.all(routes.map((route) => answered(modules.rt, route)));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect([0, 1, 2, 3].map((i) => body.data[`v${i}`].title)).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(body.data.v3.channel.handle).toBe(bob.handle);
    // Anonymous: the private video is not there for the caller.
    expect(body.data.v4).toBeNull();
    expect(after.map((n, i) => n - (before[i] ?? 0))).toEqual([1, 0, 1, 0]);
  });

  it("passes the caller's token on, so the module shows the owner their private video", async () => {
    const { body } = await graphql(`{ video(id: "${secret}") { title visibility } }`, ada);
    expect(body).toEqual({ data: { video: { title: 'secret', visibility: 'PRIVATE' } } });
    expect((await graphql(`{ video(id: "${secret}") { title } }`, bob)).body).toEqual({ data: { video: null } });
  });

  it('pages through a remote listing', async () => {
    const titles: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const query: string = `{ channel(handle: "${ada.handle}") { videos(first: 2${after ? `, after: "${after}"` : ''}) {
        edges { node { title } } pageInfo { hasNextPage endCursor } } } }`;
      const { body } = await graphql(query);
      const videos = body.data.channel.videos;
      titles.push(...videos.edges.map((e: { node: { title: string } }) => e.node.title));
      if (!videos.pageInfo.hasNextPage) break;
      after = videos.pageInfo.endCursor;
    }
    expect(titles).toEqual(['a3', 'a2', 'a1']);
  });

  it("reads a video's analytics from the analytics module as the caller, with its refusals", async () => {
    const query = (id: string) =>
      `{ video(id: "${id}") { analytics(from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z") {
        views uniqueViewers watchTimeSeconds averageViewDurationSeconds } } }`;
    const own = await graphql(query(open[0]!), ada);
    expect(own.body).toEqual({
      data: {
        video: { analytics: { views: 7, uniqueViewers: 5, watchTimeSeconds: 123.5, averageViewDurationSeconds: 17.6 } },
      },
    });
    expect(asked.at(-1)).toEqual({
      url: `/api/analytics/videos/${open[0]}?from=2026-11-01T00%3A00%3A00Z&to=2026-12-01T00%3A00%3A00Z`,
      authorization: ada.auth.authorization,
    });
    const anonymous = await graphql(query(open[0]!));
    expect(anonymous.body.data).toEqual({ video: { analytics: null } });
    expect(anonymous.body.errors?.[0]).toMatchObject({
      path: ['video', 'analytics'],
      extensions: { code: 'authentication_required', status: 401 },
    });
    const others = await graphql(query(open[3]!), ada);
    expect(others.body.data).toEqual({ video: { analytics: null } });
    expect(others.body.errors?.[0]?.extensions).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('names the module that is not served here, and has no GraphiQL', async () => {
    const live = await graphql(`{ liveNow { edges { cursor } } }`);
    expect(live.body.data).toBeNull();
    expect(live.body.errors?.[0]?.extensions).toMatchObject({ code: 'route_not_found', status: 404 });
    expect((await fetch(`${gateway.rt.url}/api/graphiql`)).status).toBe(404);
  });
});
