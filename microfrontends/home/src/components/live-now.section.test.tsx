// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import { createClient, type FramecastClient, type StreamSession } from '@framecast/client';
import { recordingServer } from '@framecast/client/testing';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveNowSection } from './live-now.section.js';

/* The home page's "Live now" against a real HTTP server on 127.0.0.1 answering as GET /api/live does. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

const session = (handle: string, viewers: number): StreamSession => ({
  id: `s-${handle}`,
  channel: { id: `u-${handle}`, handle },
  title: `${handle} builds a compiler`,
  category: 'Science & Technology',
  startedAt: new Date(Date.now() - 600_000).toISOString(),
  endedAt: null,
  endReason: null,
  viewers,
  peakViewers: viewers,
  ingest: null,
  replayVideoId: null,
});

function show(items: StreamSession[]) {
  api.answer = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items, nextCursor: null }));
  };
  const client = createClient({ baseUrl: api.url });
  clients.push(client);
  const visited: string[] = [];
  render(
    <QueryClientProvider client={createQueryClient()}>
      <LiveNowSection client={client} navigate={(to) => visited.push(to)} />
    </QueryClientProvider>,
  );
  return visited;
}

describe('Live now', () => {
  it('lists the channels on air with their viewers, each leading to its live page', async () => {
    show([session('ada', 1200), session('bob', 1)]);
    const link = await screen.findByRole('link', { name: 'ada builds a compiler' }, { timeout: 10_000 });
    expect(link.getAttribute('href')).toBe('/live/ada');
    expect(screen.getByText('1.2K viewers')).toBeTruthy();
    expect(screen.getByText('1 viewer')).toBeTruthy();
    expect(screen.getAllByText('Live')).toHaveLength(2);
    expect(api.requests.at(-1)?.url).toBe('/api/live?limit=12');
  });

  it('says so when no one is live', async () => {
    show([]);
    expect(await screen.findByText('No one is live right now', {}, { timeout: 10_000 })).toBeTruthy();
  });
});
