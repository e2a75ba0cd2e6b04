import { describe, expect, it } from 'vitest';
import type { LiveChannelRow, SessionRow } from './live.tables.js';
import { toSetup } from './live.view.js';

const channel: LiveChannelRow = {
  channel_id: '6f1c2b9e-7c43-4a57-9d2a-0d7f0a3c1e11',
  handle: 'ada',
  stream_key: `live_${'k'.repeat(32)}`,
  title: 'Building a compiler',
  category: 'Science & Technology',
  current_session_id: null,
  created_at: new Date('2026-12-01T10:00:00Z'),
  updated_at: new Date('2026-12-01T10:00:00Z'),
};

describe('toSetup', () => {
  it('gives the server URL OBS wants and the whole URL FFmpeg wants', () => {
    const setup = toSetup(channel, undefined, { ingestHost: 'video.example' }, { rtmp: 1935, rtmps: null, srt: null });
    expect(setup.ingest).toEqual({
      rtmp: 'rtmp://video.example/live',
      rtmpUrl: `rtmp://video.example/live/${channel.stream_key}`,
      rtmps: null,
      rtmpsUrl: null,
      srt: null,
    });
    expect(setup).toMatchObject({ status: 'offline', session: null, title: 'Building a compiler' });
  });

  it('names a port other than 1935, and brackets an IPv6 host', () => {
    expect(
      toSetup(channel, undefined, { ingestHost: 'localhost' }, { rtmp: 19350, rtmps: null, srt: null }).ingest.rtmp,
    ).toBe('rtmp://localhost:19350/live');
    expect(toSetup(channel, undefined, { ingestHost: '::1' }, { rtmp: 1935, rtmps: null, srt: null }).ingest.rtmp).toBe(
      'rtmp://[::1]/live',
    );
  });

  it('gives the SRT URL with the handle as stream id and the key as passphrase, when SRT is on', () => {
    const setup = toSetup(channel, undefined, { ingestHost: 'video.example' }, { rtmp: 1935, rtmps: null, srt: 8890 });
    expect(setup.ingest.srt).toBe(`srt://video.example:8890?streamid=ada&passphrase=${channel.stream_key}`);
  });

  it('gives the RTMPS URLs when the server has a certificate, without a port when it is 443', () => {
    const on = (rtmps: number) =>
      toSetup(channel, undefined, { ingestHost: 'video.example' }, { rtmp: 1935, rtmps, srt: null });
    expect(on(1936).ingest).toMatchObject({
      rtmps: 'rtmps://video.example:1936/live',
      rtmpsUrl: `rtmps://video.example:1936/live/${channel.stream_key}`,
    });
    expect(on(443).ingest.rtmps).toBe('rtmps://video.example/live');
  });

  it('is live while a session is current', () => {
    const session: SessionRow = {
      id: '0b7d3c55-2a49-4d8e-8a31-5b0f2c7e9d01',
      channel_id: channel.channel_id,
      handle: 'ada',
      title: 'Building a compiler',
      category: null,
      started_at: new Date('2026-12-01T11:00:00Z'),
      ended_at: null,
      end_reason: null,
      viewers: 3,
      peak_viewers: 5,
      ingest: null,
      replay_video_id: null,
      origin: null,
      seen_at: new Date('2026-12-01T11:00:00Z'),
    };
    const live = toSetup(
      { ...channel, current_session_id: session.id },
      session,
      { ingestHost: 'h' },
      { rtmp: 1935, rtmps: null, srt: null },
    );
    expect(live.status).toBe('live');
    expect(live.session).toMatchObject({ id: session.id, viewers: 3, peakViewers: 5, endedAt: null });
  });
});
