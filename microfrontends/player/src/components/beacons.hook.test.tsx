// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import { type BeaconBatch, createClient, type FramecastClient } from '@framecast/client';
import { recordingServer } from '@framecast/client/testing';
import { cleanup, render, waitFor } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type BeaconOptions, newSession, useBeacons, usePlaybackSession } from './beacons.hook.js';

/* The beacon hook on a <video> in happy-dom, sending through the real client to a recording server on 127.0.0.1. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.dispose();
});

function Probe({ beacons, bitrate }: { beacons: BeaconOptions; bitrate: number | null }) {
  const ref = useRef<HTMLVideoElement>(null);
  const session = usePlaybackSession(beacons.target);
  useBeacons(ref, beacons, session?.sessionId ?? null, { bitrate, height: bitrate ? 720 : null, error: null });
  return (
    <video ref={ref} data-testid="video" data-session={session?.sessionId} data-content={session?.contentId}>
      <track kind="captions" />
    </video>
  );
}

/** Moves the element's clock as a playing video does, with the events a browser fires. */
function playTo(video: HTMLVideoElement, from: number, to: number) {
  Object.defineProperty(video, 'paused', { configurable: true, get: () => false });
  Object.defineProperty(video, 'seeking', { configurable: true, get: () => false });
  for (let t = from; t <= to; t += 0.25) {
    Object.defineProperty(video, 'currentTime', { configurable: true, get: () => t });
    video.dispatchEvent(new Event('timeupdate'));
  }
}

describe('useBeacons', () => {
  it('sends what the <video> played as one batch when the player goes away', async () => {
    api.answer = (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1,"duplicate":false}');
    const client = createClient({ baseUrl: api.url });
    clients.push(client);
    const beacons: BeaconOptions = { target: { videoId: 'v1' }, send: client.analytics.send };
    const view = render(<Probe beacons={beacons} bitrate={null} />);
    const video = view.getByTestId('video') as HTMLVideoElement;
    const session = video.dataset.session;
    expect(video.dataset.content).toBe('v1');
    video.dispatchEvent(new Event('play'));
    video.dispatchEvent(new Event('playing'));
    view.rerender(<Probe beacons={beacons} bitrate={2_000_000} />);
    // The same target keeps its session across renders.
    expect(video.dataset.session).toBe(session);
    playTo(video, 0, 3);
    view.unmount();
    await waitFor(() => expect(api.requests).toHaveLength(1));
    const [request] = api.requests;
    expect(`${request?.method} ${request?.url}`).toBe('POST /api/analytics/events');
    const batch = JSON.parse(request!.body.toString()) as BeaconBatch;
    expect(batch).toMatchObject({ seq: 0, videoId: 'v1' });
    expect(batch.session).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The beacons carry the session the engine's CMCD names.
    expect(batch.session).toBe(session);
    expect(batch.events.map((e) => e.type)).toEqual(['start', 'startup', 'quality', 'heartbeat']);
    expect(batch.events.at(-1)).toEqual({ type: 'heartbeat', from: 0, to: 3 });
  });

  it('starts a new playback session for a new target', () => {
    const send: BeaconOptions['send'] = async () => ({});
    const view = render(<Probe beacons={{ target: { videoId: 'v1' }, send }} bitrate={null} />);
    const video = view.getByTestId('video') as HTMLVideoElement;
    const first = video.dataset.session;
    view.rerender(<Probe beacons={{ target: { streamId: 's1' }, send }} bitrate={null} />);
    expect(video.dataset.content).toBe('s1');
    expect(video.dataset.session).toMatch(/^[0-9a-f-]{36}$/);
    expect(video.dataset.session).not.toBe(first);
  });

  it('makes a fresh random session id each time', () => {
    const ids = new Set(Array.from({ length: 50 }, newSession));
    expect(ids.size).toBe(50);
  });
});
