// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import { createClient, type FramecastClient, pageItems, type Video } from '@framecast/client';
import { recordingServer } from '@framecast/client/testing';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider, useInfiniteQuery } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MY_VIDEOS_PAGE, myVideosQuery } from '../api/my-videos.queries.js';
import { MyVideos } from './my-videos.js';

/* The studio's list against a real HTTP server on 127.0.0.1 that answers as the videos API pages. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const video = (n: number, status: Video['status'] = 'ready'): Video => ({
  id: `v${n}`,
  channel: { id: 'u1', handle: 'ada' },
  title: `Video ${n}`,
  description: '',
  tags: [],
  category: null,
  language: null,
  visibility: 'public',
  status,
  failureReason: null,
  progress: status === 'processing' ? 40 : 100,
  duration: 8,
  width: 1280,
  height: 720,
  renditions: [],
  size: 1000,
  views: 0,
  createdAt: '2026-06-10T12:00:00.000Z',
  publishedAt: null,
});

/** Answers /api/videos/mine from `all`, `MY_VIDEOS_PAGE` at a time, with the next page's index as the cursor. */
function serve(all: () => Video[]) {
  api.answer = (req, res) => {
    const url = new URL(req.url, api.url);
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit'));
    const items = all().slice(from, from + limit);
    const next = from + limit < all().length ? String(from + limit) : null;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items, nextCursor: next }));
  };
}

function Studio({ client }: { client: FramecastClient }) {
  const videos = useInfiniteQuery({ ...myVideosQuery(client, 'u1'), select: pageItems });
  return <MyVideos videos={videos} navigate={() => {}} onEdit={() => {}} onDelete={() => {}} />;
}

function renderStudio() {
  const client = createClient({ baseUrl: api.url });
  clients.push(client);
  render(
    <QueryClientProvider client={createQueryClient()}>
      <Studio client={client} />
    </QueryClientProvider>,
  );
}

const mineRequests = () => api.requests.filter((req) => req.url.startsWith('/api/videos/mine'));

describe('the studio list', () => {
  it('pages past the first 50 videos through the API cursor', async () => {
    const all = Array.from({ length: MY_VIDEOS_PAGE + 3 }, (_, i) => video(i + 1));
    serve(() => all);
    renderStudio();
    await screen.findByText('Video 50', {}, { timeout: 10_000 });
    expect(screen.queryByText('Video 51')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText('Video 53', {}, { timeout: 10_000 });
    expect(screen.getAllByRole('listitem')).toHaveLength(53);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(mineRequests().map((req) => new URL(req.url, api.url).searchParams.get('cursor'))).toEqual([null, '50']);
  });

  it('links each ready video to its analytics', async () => {
    serve(() => [video(1), video(2, 'processing')]);
    renderStudio();
    const link = await screen.findByRole('link', { name: 'Analytics of Video 1' }, { timeout: 10_000 });
    expect(link.getAttribute('href')).toBe('/studio/analytics/videos/v1');
    expect(screen.getByText('Video 2')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Analytics of Video 2' })).toBeNull();
  });

  it('shows the failed state with "Try again", which loads the list again', async () => {
    let fail = true;
    api.answer = (_req, res) => {
      if (fail) {
        res.writeHead(400, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ status: 400, title: 'Bad Request', detail: 'That cursor is not valid.' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [video(1)], nextCursor: null }));
    };
    renderStudio();
    await screen.findByText('Your videos could not be loaded', {}, { timeout: 10_000 });
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('Video 1', {}, { timeout: 10_000 });
  });
});
