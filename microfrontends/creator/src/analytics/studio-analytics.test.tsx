// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import type { ServerResponse } from 'node:http';
import { createClient, type FramecastClient } from '@framecast/client';
import { type Recorded, recordingServer } from '@framecast/client/testing';
import { SIGNED_IN } from '@framecast/client/testing/session';
import type {
  AuthResult,
  ChannelAnalytics,
  StreamAnalytics,
  StreamSession,
  Video,
  VideoAnalytics,
} from '@framecast/contracts';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import StudioAnalyticsPage from '../pages/analytics.page.js';

/* The studio's analytics pages against a real HTTP server on 127.0.0.1 that answers as the platform's API would. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const DAY = 24 * 3600_000;
const session: AuthResult = {
  ...SIGNED_IN,
  user: { ...SIGNED_IN.user, email: 'owl@example.com', handle: 'night_owl', displayName: 'Night Owl' },
};
const qoe = {
  startupTimeMs: 640.4,
  startupSamples: 12,
  rebufferRatio: 0.0123,
  rebufferEvents: 3,
  errors: 2,
  fatalErrors: 1,
  bitrateSwitches: 7,
  averageBitrate: 2_400_000,
};
const noQoe = { ...qoe, startupTimeMs: null, startupSamples: 0, rebufferRatio: 0, rebufferEvents: 0, errors: 0 };
const video: Video = {
  id: 'v1',
  channel: { id: 'u1', handle: 'night_owl' },
  title: 'Owls at dusk',
  description: '',
  tags: [],
  category: null,
  language: null,
  visibility: 'public',
  status: 'ready',
  failureReason: null,
  progress: 100,
  duration: 200,
  width: 1280,
  height: 720,
  renditions: [],
  size: 1000,
  views: 57,
  createdAt: '2026-06-01T12:00:00.000Z',
  publishedAt: '2026-06-01T12:00:00.000Z',
};
const stream: StreamSession = {
  id: '00000000-0000-4000-8000-00000000000a',
  channel: { id: 'u1', handle: 'night_owl' },
  title: 'Night sky, live',
  category: null,
  startedAt: '2026-06-10T18:00:20.000Z',
  endedAt: '2026-06-10T18:04:10.000Z',
  endReason: 'publisher_left',
  viewers: 0,
  peakViewers: 6,
  ingest: null,
  replayVideoId: 'v1',
};

/** A day's views in the served series: 3 on the range's first day, 40 on its fifth, none otherwise. */
const viewsOnDay = (i: number) => (i === 0 ? 3 : i === 4 ? 40 : 0);

/** The totals and series of a range as the analytics module answers them, from the request's own range. */
function totals(url: URL, views: (day: number) => number) {
  const from = url.searchParams.get('from')!;
  const to = url.searchParams.get('to')!;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY);
  const series = Array.from({ length: days }, (_, i) => ({
    at: new Date(Date.parse(from) + i * DAY).toISOString(),
    views: views(i),
    watchTimeSeconds: views(i) * 90,
  }));
  const sum = series.reduce((n, p) => n + p.views, 0);
  return {
    from,
    to,
    views: sum,
    uniqueViewers: Math.ceil(sum * 0.8),
    watchTimeSeconds: sum * 90,
    averageViewDurationSeconds: sum > 0 ? 90 : 0,
    qoe: sum > 0 ? qoe : noQoe,
    granularity: 'day' as const,
    series,
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
};

type Handler = (req: Recorded, res: ServerResponse, url: URL) => boolean | undefined | Promise<boolean | undefined>;

/** Answers as the user, video, live and analytics modules would; `first` answers first when it takes the request. */
function serve(opts: { views?: (day: number) => number; first?: Handler } = {}) {
  const views = opts.views ?? viewsOnDay;
  api.answer = async (req, res) => {
    const url = new URL(req.url, api.url);
    if (await opts.first?.(req, res, url)) return;
    const path = url.pathname;
    if (path === '/api/auth/refresh') return json(res, 200, session);
    if (path === '/api/videos/mine') return json(res, 200, { items: [video], nextCursor: null });
    if (path === '/api/videos/v1') return json(res, 200, video);
    if (path === '/api/channels/night_owl/live')
      return json(res, 200, { live: false, session: stream, playback: null });
    if (path === `/api/live/sessions/${stream.id}`) return json(res, 200, stream);
    if (path === '/api/analytics/channels/night_owl') {
      const body: ChannelAnalytics = {
        channelId: 'u1',
        handle: 'night_owl',
        ...totals(url, views),
        chatMessages: views(4) * 2,
        followsGained: views(4) > 0 ? 5 : 0,
        followsLost: views(4) > 0 ? 1 : 0,
      };
      return json(res, 200, body);
    }
    if (path === '/api/analytics/videos/v1') {
      const body: VideoAnalytics = {
        videoId: 'v1',
        ...totals(url, views),
        retention: {
          durationSeconds: 200,
          sessions: 8,
          points: Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : i < 99 ? 0.5 : 0.25)),
        },
      };
      return json(res, 200, body);
    }
    if (path === `/api/analytics/streams/${stream.id}`) {
      const body: StreamAnalytics = {
        sessionId: stream.id,
        startedAt: stream.startedAt,
        endedAt: stream.endedAt,
        from: stream.startedAt,
        to: '2026-06-10T18:05:00.001Z',
        views: 9,
        uniqueViewers: 7,
        watchTimeSeconds: 1500,
        averageViewDurationSeconds: 166.7,
        qoe,
        granularity: 'hour',
        series: [{ at: '2026-06-10T18:00:00.000Z', views: 9, watchTimeSeconds: 1500 }],
        peakViewers: 6,
        concurrentViewers: [
          { at: '2026-06-10T18:01:00.000Z', count: 4 },
          { at: '2026-06-10T18:02:00.000Z', count: 6 },
        ],
        chatMessages: 9,
        chatMessagesPerMinute: [{ at: '2026-06-10T18:04:00.000Z', count: 9 }],
      };
      return json(res, 200, body);
    }
    json(res, 404, { status: 404, code: 'not_found', detail: 'Nothing here.' });
  };
}

/** The route's parameters, as the shell's router gives them. */
function paramsOf(pathname: string): Record<string, string> {
  const video = /^\/studio\/analytics\/videos\/([^/]+)$/.exec(pathname);
  if (video) return { id: decodeURIComponent(video[1]!) };
  const stream = /^\/studio\/analytics\/streams\/([^/]+)$/.exec(pathname);
  return stream ? { sessionId: decodeURIComponent(stream[1]!) } : {};
}

interface ShellProps {
  client: FramecastClient;
  queryClient: ReturnType<typeof createQueryClient>;
  start: string;
  paths: string[];
}

/** The page as the shell renders it at `start`, moving when it navigates; `paths` records where it went. */
function Shell({ client, queryClient, start, paths }: ShellProps) {
  const [path, setPath] = useState(start);
  const url = new URL(path, 'http://studio.test');
  return (
    <StudioAnalyticsPage
      client={client}
      queryClient={queryClient}
      navigate={(to) => {
        paths.push(to);
        setPath(to);
      }}
      params={paramsOf(url.pathname)}
      search={url.search}
    />
  );
}

async function renderPage(start: string) {
  const client = createClient({ baseUrl: api.url });
  clients.push(client);
  await client.auth.restore();
  const queryClient = createQueryClient();
  const paths: string[] = [];
  render(
    <QueryClientProvider client={queryClient}>
      <Shell client={client} queryClient={queryClient} start={start} paths={paths} />
    </QueryClientProvider>,
  );
  return { paths };
}

const reports = (path: string) => api.requests.filter((req) => req.url.startsWith(path));
const rangeOf = (req: Recorded) => {
  const url = new URL(req.url, api.url);
  return [url.searchParams.get('from'), url.searchParams.get('to')];
};
const utcMidnight = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY).toISOString();
const tile = (label: string) => screen.getByText(label, { selector: 'dt' }).parentElement!.textContent;
const wait = { timeout: 10_000 };

describe('the channel’s analytics', () => {
  it('shows skeletons until the report comes, then its totals and a chart with its table', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    serve({
      first: async (req) => {
        if (req.url.startsWith('/api/analytics/')) await held;
        return false;
      },
    });
    await renderPage('/studio/analytics');
    await screen.findByRole('status', { name: 'Loading your channel’s analytics' }, wait);
    release();
    await screen.findByRole('figure', { name: 'Views and watch time' }, wait);
    expect(screen.queryByRole('status', { name: 'Loading your channel’s analytics' })).toBeNull();
    expect(tile('Views')).toBe('Views43');
    expect(tile('Unique viewers')).toBe('Unique viewers35');
    expect(tile('Watch time')).toBe('Watch time1.1 h');
    expect(tile('Average view duration')).toBe('Average view duration1:30');
    expect(tile('New followers')).toBe('New followers51 unfollowed');
    expect(tile('Chat messages')).toBe('Chat messages80');
    // The last 28 UTC days, today included.
    expect(rangeOf(reports('/api/analytics/channels/night_owl')[0]!)).toEqual([utcMidnight(27), utcMidnight(-1)]);
    const table = screen.getByRole('table', { name: 'Views and watch time' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(29);
    expect(
      within(rows[0]!)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Day (UTC)', 'Views', 'Watch time (min)']);
    expect(rows[5]!.textContent).toMatch(/^[A-Z][a-z]{2} \d{1,2}4060 min$/);
    expect(screen.getByRole('figure', { name: 'Views and watch time' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/43 views in all, the most on/)).toBeTruthy();
  });

  it('shows the table on demand, for those who do not read charts', async () => {
    serve();
    await renderPage('/studio/analytics');
    const toggle = await screen.findByRole('button', { name: 'Show as a table' }, wait);
    const table = screen.getByRole('table', { name: 'Views and watch time' });
    expect(table.parentElement!.className).toContain('sr-only');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(table.parentElement!.className).not.toContain('sr-only');
    expect(toggle.textContent).toBe('Hide the table');
  });

  it('says so in words when nothing was counted in the range', async () => {
    serve({ views: () => 0 });
    await renderPage('/studio/analytics');
    await screen.findByText('No views in these 28 days yet', {}, wait);
    expect(screen.queryByRole('table', { name: 'Views and watch time' })).toBeNull();
  });

  it('asks the range picked: the last 7 or 90 days, or custom days once they make a range', async () => {
    serve();
    const { paths } = await renderPage('/studio/analytics');
    await screen.findByRole('figure', { name: 'Views and watch time' }, wait);
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() => expect(reports('/api/analytics/channels/')).toHaveLength(2));
    expect(rangeOf(reports('/api/analytics/channels/')[1]!)).toEqual([utcMidnight(6), utcMidnight(-1)]);
    expect(screen.getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(8));

    fireEvent.click(screen.getByRole('button', { name: 'Custom' }));
    const form = screen.getByRole('form', { name: 'Custom date range' });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: '2026-03-10' } });
    fireEvent.change(within(form).getByLabelText('To'), { target: { value: '2026-03-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply' }));
    expect(within(form).getByRole('alert').textContent).toBe('The first day must come before the last day.');
    fireEvent.change(within(form).getByLabelText('To'), { target: { value: '2026-03-16' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(reports('/api/analytics/channels/')).toHaveLength(3));
    expect(rangeOf(reports('/api/analytics/channels/')[2]!)).toEqual([
      '2026-03-10T00:00:00.000Z',
      '2026-03-17T00:00:00.000Z',
    ]);
    expect(paths).toEqual(['/studio/analytics?days=7', '/studio/analytics?from=2026-03-10&to=2026-03-16']);
    await screen.findByText('Your channel’s videos and streams together, Mar 10 – Mar 16, 2026.', {}, wait);
  });

  it('fails in words with "Try again", which asks again', async () => {
    let fail = true;
    serve({
      first: (req, res) => {
        if (!fail || !req.url.startsWith('/api/analytics/')) return false;
        json(res, 500, { status: 500, code: 'internal_error', detail: 'Framecast had a problem.' });
        return true;
      },
    });
    await renderPage('/studio/analytics');
    await screen.findByText('Your analytics could not be loaded', {}, { timeout: 15_000 });
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('figure', { name: 'Views and watch time' }, wait);
  });

  it('links to each ready video’s analytics, keeping the range, and to the last stream’s', async () => {
    serve();
    const { paths } = await renderPage('/studio/analytics?days=90');
    const videoLink = await screen.findByRole('link', { name: 'Owls at dusk' }, wait);
    expect(videoLink.getAttribute('href')).toBe('/studio/analytics/videos/v1?days=90');
    const streamLink = await screen.findByRole('link', { name: 'Stream analytics' }, wait);
    expect(streamLink.getAttribute('href')).toBe(`/studio/analytics/streams/${stream.id}`);
    fireEvent.click(videoLink);
    await screen.findByRole('heading', { name: 'Owls at dusk' }, wait);
    expect(paths).toEqual(['/studio/analytics/videos/v1?days=90']);
    await waitFor(() => expect(reports('/api/analytics/videos/v1')).toHaveLength(1));
    expect(rangeOf(reports('/api/analytics/videos/v1')[0]!)).toEqual([utcMidnight(89), utcMidnight(-1)]);
  });
});

describe('a video’s analytics', () => {
  it('shows its totals, the retention curve and playback quality', async () => {
    serve();
    await renderPage('/studio/analytics/videos/v1');
    await screen.findByRole('heading', { name: 'Owls at dusk' }, wait);
    await screen.findByRole('figure', { name: 'Audience retention' }, wait);
    expect(tile('Views')).toBe('Views43');
    expect(tile('Average view duration')).toBe('Average view duration1:30Of 3:20');
    const retention = screen.getByRole('table', { name: 'Audience retention' });
    const rows = within(retention).getAllByRole('row');
    expect(rows).toHaveLength(101);
    expect(rows[1]!.textContent).toBe('0:00100 %');
    expect(rows[51]!.textContent).toBe('1:4050 %');
    expect(rows[100]!.textContent).toBe('3:1825 %');
    expect(
      screen.getByText('Of 8 plays, 100 % watched the start, 50 % were still watching halfway and 25 % at the end.'),
    ).toBeTruthy();
    expect(tile('Startup time')).toBe('Startup time640 msAverage of 12 starts');
    expect(tile('Rebuffering')).toBe('Rebuffering1.2 %Of playing time · 3 stalls');
    expect(tile('Playback errors')).toBe('Playback errors21 stopped playback');
    expect(tile('Quality switches')).toBe('Quality switches7Changes of rendition');
    expect(tile('Average bitrate')).toBe('Average bitrate2.4 MbpsWeighted by time played');
  });

  it('says whose analytics these are when they are someone else’s', async () => {
    serve({
      first: (req, res) => {
        if (!req.url.startsWith('/api/analytics/videos/')) return false;
        json(res, 403, { status: 403, code: 'not_analytics_owner', detail: 'Only the channel’s owner and admins…' });
        return true;
      },
    });
    await renderPage('/studio/analytics/videos/v1');
    await screen.findByText('These analytics are not yours', {}, wait);
    expect(screen.getByText('Only the video’s owner and admins can see its analytics.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('says a video analytics does not know may be gone', async () => {
    serve();
    await renderPage('/studio/analytics/videos/v404');
    await screen.findByText('No analytics for this video', {}, wait);
    expect(screen.getByText('The video may have been deleted, or the link is not quite right.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Video analytics');
  });
});

describe('a stream’s analytics', () => {
  it('shows its peak and its audience and chat minute by minute, every minute of it', async () => {
    serve();
    await renderPage(`/studio/analytics/streams/${stream.id}`);
    await screen.findByRole('heading', { name: 'Night sky, live' }, wait);
    await screen.findByRole('figure', { name: 'Concurrent viewers and chat' }, wait);
    expect(tile('Peak viewers')).toBe('Peak viewers6At one time');
    expect(tile('Chat messages')).toBe('Chat messages9');
    const rows = within(screen.getByRole('table', { name: 'Concurrent viewers and chat' })).getAllByRole('row');
    expect(rows.slice(1).map((row) => [...row.children].slice(1).map((cell) => cell.textContent))).toEqual([
      ['0', '0'],
      ['4', '0'],
      ['6', '0'],
      ['0', '0'],
      ['0', '9'],
    ]);
    expect(screen.getByRole('link', { name: 'Replay analytics' }).getAttribute('href')).toBe(
      '/studio/analytics/videos/v1',
    );
  });

  it('says a stream analytics does not know may be gone', async () => {
    serve();
    await renderPage('/studio/analytics/streams/00000000-0000-4000-8000-0000000000ff');
    await screen.findByText('No analytics for this stream', {}, wait);
  });
});
