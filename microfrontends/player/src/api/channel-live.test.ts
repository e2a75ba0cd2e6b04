import type { ChannelLive, StreamSession } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import { applyStreamUpdate, liveStage, markEnded } from './channel-live.js';

const session = (id: string, overrides: Partial<StreamSession> = {}): StreamSession => ({
  id,
  channel: { id: 'u1', handle: 'ada' },
  title: 'Building a compiler',
  category: 'Science & Technology',
  startedAt: '2026-12-01T12:00:00.000Z',
  endedAt: null,
  endReason: null,
  viewers: 10,
  peakViewers: 12,
  ingest: null,
  replayVideoId: null,
  ...overrides,
});
const playback = { hls: '/media/live/s1/ll.m3u8', dash: '/media/live/s1/manifest.mpd' };
const onAir: ChannelLive = { live: true, session: session('s1'), playback };

describe('applyStreamUpdate', () => {
  it('takes the viewers, title and category of the stream shown', () => {
    const next = applyStreamUpdate(onAir, 's1', {
      live: true,
      viewers: 40,
      title: 'Parsing, part 2',
      category: null,
      endedAt: null,
    });
    expect(next.live).toBe(true);
    expect(next.playback).toBe(playback);
    expect(next.session).toMatchObject({ viewers: 40, peakViewers: 40, title: 'Parsing, part 2', category: null });
    expect(onAir.session?.viewers).toBe(10);
  });
  it('keeps the peak when the audience shrinks', () => {
    const next = applyStreamUpdate(onAir, 's1', { ...onAir.session!, live: true, viewers: 3 });
    expect(next.session).toMatchObject({ viewers: 3, peakViewers: 12 });
  });
  it('takes the stream off the air when it ends', () => {
    const endedAt = '2026-12-01T13:00:00.000Z';
    const next = applyStreamUpdate(onAir, 's1', {
      live: false,
      viewers: 0,
      title: 'Building a compiler',
      category: null,
      endedAt,
    });
    expect(next).toMatchObject({ live: false, playback: null, session: { id: 's1', endedAt, viewers: 0 } });
  });
  it('ignores an update for another session', () => {
    expect(applyStreamUpdate(onAir, 's0', { live: false, viewers: 0, title: 'x', category: null, endedAt: null })).toBe(
      onAir,
    );
    const offline: ChannelLive = { live: false, session: null, playback: null };
    expect(
      applyStreamUpdate(offline, 's1', { live: true, viewers: 1, title: 'x', category: null, endedAt: null }),
    ).toBe(offline);
  });
});

describe('markEnded', () => {
  const now = new Date('2026-12-01T13:00:05.000Z');
  it('takes the stream off the air from now', () => {
    expect(markEnded(onAir, 's1', now)).toMatchObject({
      live: false,
      playback: null,
      session: { id: 's1', endedAt: '2026-12-01T13:00:05.000Z' },
    });
  });
  it('keeps an end time the API already gave', () => {
    const ended: ChannelLive = {
      live: false,
      session: session('s1', { endedAt: '2026-12-01T13:00:00.000Z' }),
      playback: null,
    };
    expect(markEnded(ended, 's1', now).session?.endedAt).toBe('2026-12-01T13:00:00.000Z');
  });
  it('leaves another session alone', () => {
    expect(markEnded(onAir, 's2', now)).toBe(onAir);
  });
});

describe('liveStage', () => {
  const offline: ChannelLive = {
    live: false,
    session: session('s0', { endedAt: '2026-11-30T20:00:00.000Z' }),
    playback: null,
  };
  it('plays a channel on air', () => {
    expect(liveStage(onAir, { watched: null, ended: null })).toBe('live');
    expect(liveStage(onAir, { watched: 's1', ended: null })).toBe('live');
  });
  it('is offline when the page opened on a channel off the air', () => {
    expect(liveStage(offline, { watched: null, ended: null })).toBe('offline');
  });
  it('says the stream ended once the one watched is off the air', () => {
    expect(liveStage(markEnded(onAir, 's1', new Date()), { watched: 's1', ended: null })).toBe('ended');
  });
  it('does not bring back a session seen ending, but plays the next one', () => {
    expect(liveStage(onAir, { watched: 's1', ended: 's1' })).toBe('ended');
    const next: ChannelLive = { live: true, session: session('s2'), playback };
    expect(liveStage(next, { watched: 's1', ended: 's1' })).toBe('live');
  });
});
