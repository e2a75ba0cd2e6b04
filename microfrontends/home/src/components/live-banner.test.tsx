// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import { type ChannelLive, createClient, type FramecastClient } from '@framecast/client';
import { recordingServer } from '@framecast/client/testing';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveBanner } from './live-banner.js';

/* The channel page's live banner against a real HTTP server on 127.0.0.1 answering as GET /api/channels/:handle/live. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const session = (endedAt: string | null) => ({
  id: 's1',
  channel: { id: 'u1', handle: 'ada' },
  title: 'Ada builds a compiler',
  category: 'Science & Technology',
  startedAt: new Date(Date.now() - 600_000).toISOString(),
  endedAt,
  endReason: endedAt ? ('publisher_left' as const) : null,
  viewers: 1200,
  peakViewers: 1300,
  ingest: null,
  replayVideoId: null,
});

function show(answer: ChannelLive) {
  api.answer = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  };
  const client = createClient({ baseUrl: api.url });
  clients.push(client);
  const visited: string[] = [];
  render(
    <QueryClientProvider client={createQueryClient()}>
      <LiveBanner client={client} navigate={(to) => visited.push(to)} handle="ada" />
    </QueryClientProvider>,
  );
  return visited;
}

describe('LiveBanner', () => {
  it('shows the stream on air, its viewers, and leads to the live page', async () => {
    const visited = show({ live: true, session: session(null), playback: { hls: '/x.m3u8', dash: '/x.mpd' } });
    const watch = await screen.findByRole('link', { name: 'Watch live' }, { timeout: 10_000 });
    expect(watch.getAttribute('href')).toBe('/live/ada');
    expect(screen.getByRole('link', { name: 'Ada builds a compiler' }).getAttribute('href')).toBe('/live/ada');
    expect(screen.getByText(/1\.2K viewers/)).toBeTruthy();
    expect(screen.getByText(/Science & Technology/)).toBeTruthy();
    watch.click();
    expect(visited).toEqual(['/live/ada']);
    expect(api.requests.at(-1)?.url).toBe('/api/channels/ada/live');
  });

  it('shows nothing while the channel is off the air', async () => {
    show({ live: false, session: session(new Date().toISOString()), playback: null });
    await waitFor(() => expect(api.requests).toHaveLength(1), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('region', { name: 'Live now' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Watch live' })).toBeNull();
  });
});
