// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import { type ChannelLive, createClient, type FramecastClient } from '@framecast/client';
import { recordingServer } from '@framecast/client/testing';
import { createQueryClient } from '@framecast/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LivePreview, PreviewFrame, previewPhase } from './live-preview.js';

const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

describe('previewPhase', () => {
  const ready = { ready: true, error: null };
  it('is starting until the first playlist is read and a frame plays', () => {
    expect(previewPhase({ ready: false, error: null }, { paused: true, currentTime: 0 })).toBe('starting');
    expect(previewPhase(ready, { paused: true, currentTime: 0 })).toBe('starting');
    expect(previewPhase(ready, { paused: false, currentTime: 0 })).toBe('starting');
    expect(previewPhase(ready, { paused: false, currentTime: 12.4 })).toBe('playing');
  });
  it('is failed on an error, whatever played before', () => {
    const error = { kind: 'network' as const, message: 'manifestLoadError' };
    expect(previewPhase({ ready: false, error }, { paused: true, currentTime: 0 })).toBe('failed');
    expect(previewPhase({ ready: true, error }, { paused: false, currentTime: 3 })).toBe('failed');
  });
});

describe('PreviewFrame', () => {
  it('waits for the first seconds of the stream with a spinner and words', () => {
    render(<PreviewFrame phase="starting" latency={null} />);
    expect(screen.getByRole('status').textContent).toBe('Waiting for the first seconds of your stream…');
    expect(screen.queryByTestId('preview-latency')).toBeNull();
  });

  it('shows how far behind live it plays', () => {
    render(
      <PreviewFrame phase="playing" latency={1.24}>
        <video muted />
      </PreviewFrame>,
    );
    const latency = screen.getByTestId('preview-latency');
    expect(latency.textContent).toBe('1.2 s behind live');
    expect(latency.getAttribute('data-seconds')).toBe('1.24');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says it failed and offers to try again, except in a browser that cannot play', () => {
    const onRetry = vi.fn();
    const { rerender } = render(<PreviewFrame phase="failed" latency={null} failure="network" onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('Your stream could not be loaded');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
    rerender(<PreviewFrame phase="failed" latency={null} failure="unsupported" onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('This browser cannot play live streams');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});

/* The preview against a real HTTP server on 127.0.0.1 answering `GET /api/channels/ada/live`. */
function serve(live: () => ChannelLive) {
  api.answer = (req, res) => {
    if (req.url === '/api/channels/ada/live') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(live()));
    } else {
      res.writeHead(404).end();
    }
  };
}

const session = {
  id: 's1',
  channel: { id: 'u1', handle: 'ada' },
  title: 'Building a compiler',
  category: null,
  startedAt: '2026-12-01T20:00:00.000Z',
  endedAt: null,
  endReason: null,
  viewers: 0,
  peakViewers: 0,
  ingest: null,
  replayVideoId: null,
};

function renderPreview() {
  const client = createClient({ baseUrl: api.url });
  clients.push(client);
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <LivePreview client={client} handle="ada" sessionId="s1" />
    </QueryClientProvider>,
  );
}

describe('LivePreview', () => {
  it('waits for the channel to answer with this session on air before it plays, and never counts as a viewer', async () => {
    let answer: ChannelLive = { live: false, session: null, playback: null };
    serve(() => answer);
    renderPreview();
    expect((await screen.findByRole('status')).textContent).toContain('Waiting for the first seconds');
    // An answer from before the session went on air is read again.
    await vi.waitFor(() => expect(api.requests.length).toBeGreaterThanOrEqual(1));
    answer = {
      live: true,
      session,
      playback: { hls: `${api.url}/media/live/s1/ll.m3u8`, dash: `${api.url}/media/live/s1/manifest.mpd` },
    };
    // happy-dom has neither Media Source Extensions nor native HLS: the engine says so, as a browser without them would.
    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 });
    expect(alert.textContent).toContain('This browser cannot play live streams');
    expect(screen.getByTestId('live-preview').getAttribute('data-phase')).toBe('failed');
    // It read the channel's stream, and never said it was watching.
    expect(api.requests.filter((r) => r.url === '/api/channels/ada/live').length).toBeGreaterThanOrEqual(2);
    expect(api.requests.filter((r) => r.url.startsWith('/api/live'))).toEqual([]);
  });
});
