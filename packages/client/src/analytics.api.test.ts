import type { ChannelAnalytics } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import { isApiError } from './api-error.js';
import { queryKeys } from './query-keys.js';
import { recordingServer } from './testing/recording.server.js';
import { signedInClients } from './testing/signed-in.client.js';

/* The analytics reports against a real HTTP server on 127.0.0.1 that records what arrives. */
const api = recordingServer();
const signIn = signedInClients(api);
const qoe = {
  startupTimeMs: 640.5,
  startupSamples: 3,
  rebufferRatio: 0.0123,
  rebufferEvents: 2,
  errors: 1,
  fatalErrors: 0,
  bitrateSwitches: 4,
  averageBitrate: 2_400_000,
};
const channelReport: ChannelAnalytics = {
  channelId: 'u1',
  handle: 'ada',
  from: '2026-06-01T00:00:00.000Z',
  to: '2026-06-03T00:00:00.000Z',
  views: 12,
  uniqueViewers: 9,
  watchTimeSeconds: 1830.5,
  averageViewDurationSeconds: 152.542,
  qoe,
  granularity: 'day',
  series: [
    { at: '2026-06-01T00:00:00.000Z', views: 5, watchTimeSeconds: 800 },
    { at: '2026-06-02T00:00:00.000Z', views: 7, watchTimeSeconds: 1030.5 },
  ],
  chatMessages: 31,
  followsGained: 4,
  followsLost: 1,
};

const signedInClient = (answer: (url: string) => [number, unknown]) =>
  signIn((req, res) => {
    const [status, body] = answer(req.url);
    res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
    res.end(JSON.stringify(body));
  });

describe('analytics reports', () => {
  it('ask each report at its path with the range and the session’s token, and give the report as answered', async () => {
    const client = await signedInClient(() => [200, channelReport]);
    const range = { from: '2026-06-01T00:00:00.000Z', to: '2026-06-03T00:00:00.000Z' };
    expect(await client.analytics.channel('night owl', range)).toEqual(channelReport);
    await client.analytics.video('v/1', { from: range.from });
    await client.analytics.stream('s1');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/analytics/channels/night%20owl?from=2026-06-01T00%3A00%3A00.000Z&to=2026-06-03T00%3A00%3A00.000Z',
      'GET /api/analytics/videos/v%2F1?from=2026-06-01T00%3A00%3A00.000Z',
      'GET /api/analytics/streams/s1',
    ]);
    expect(api.requests.every((r) => r.authorization === 'Bearer token-1')).toBe(true);
  });

  it('fail with the problem’s status and code, for the page to say why', async () => {
    const client = await signedInClient((url) =>
      url.startsWith('/api/analytics/videos/')
        ? [404, { status: 404, code: 'analytics_target_not_found', detail: 'No video is known here.' }]
        : [403, { status: 403, code: 'not_analytics_owner', detail: 'Only the channel’s owner and admins…' }],
    );
    const missing = await client.analytics.video('v9').catch((e: unknown) => e);
    const others = await client.analytics.channel('bob').catch((e: unknown) => e);
    expect(isApiError(missing) && [missing.status, missing.code]).toEqual([404, 'analytics_target_not_found']);
    expect(isApiError(others) && [others.status, others.code]).toEqual([403, 'not_analytics_owner']);
  });

  it('are cached apart by report, target, range and viewer, all under one key to refresh them', () => {
    const week = { from: '2026-06-01T00:00:00.000Z', to: '2026-06-08T00:00:00.000Z' };
    const keys = [
      queryKeys.analyticsReport('channel', 'ada', week, 'u1'),
      queryKeys.analyticsReport('channel', 'ada', {}, 'u1'),
      queryKeys.analyticsReport('channel', 'ada', week, 'u2'),
      queryKeys.analyticsReport('video', 'ada', week, 'u1'),
      queryKeys.analyticsReport('channel', 'ada', { ...week, to: '2026-06-09T00:00:00.000Z' }, 'u1'),
    ];
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
    expect(keys.every((k) => k[0] === queryKeys.analytics[0])).toBe(true);
  });
});
