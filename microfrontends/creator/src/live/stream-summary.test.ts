import { ApiError, type StreamEndReason, type StreamSession } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import {
  endReasonText,
  endReasonTexts,
  REPLAY_APPEARS_WITHIN_MS,
  replayState,
  summaryFacts,
} from './stream-summary.js';

const session: StreamSession = {
  id: 's1',
  channel: { id: 'u1', handle: 'ada' },
  title: 'Building a compiler',
  category: null,
  startedAt: '2026-12-01T20:00:00.000Z',
  endedAt: '2026-12-01T21:02:03.000Z',
  endReason: 'publisher_left',
  viewers: 0,
  peakViewers: 1_250,
  ingest: {
    bitrate: 4_500_000,
    fps: 30,
    keyframeInterval: 2,
    droppedFrames: 12,
    videoCodec: 'avc1.64001f',
    audioCodec: 'mp4a.40.2',
    width: 1280,
    height: 720,
  },
  replayVideoId: 'v1',
};
const endedAt = Date.parse(session.endedAt as string);
const notFound = new ApiError(404, 'video_not_found', 'No such video.');
const reasons: StreamEndReason[] = ['publisher_left', 'key_rotated', 'ingest_failed', 'shutdown', 'account_deleted'];

describe('endReasonText', () => {
  it('says every reason a stream ends in words of its own', () => {
    const texts = reasons.map((endReason) => endReasonText({ endReason }));
    expect(texts[0]).toBe('You stopped streaming');
    expect(new Set(texts).size).toBe(reasons.length);
    expect(Object.keys(endReasonTexts).sort()).toEqual([...reasons].sort());
    expect(endReasonText({ endReason: null })).toBe('The stream ended');
  });
});

describe('summaryFacts', () => {
  it('gives the duration, the peak, and the last resolution, bitrate, frame rate and dropped frames', () => {
    expect(summaryFacts(session)).toEqual([
      { label: 'Duration', value: '1:02:03' },
      { label: 'Peak viewers', value: '1.3K viewers' },
      { label: 'Resolution', value: '1280×720' },
      { label: 'Bitrate', value: '4.5 Mbit/s' },
      { label: 'Frame rate', value: '30 fps' },
      { label: 'Dropped frames', value: '12' },
    ]);
  });
  it('leaves the ingest out when it never reported', () => {
    expect(summaryFacts({ ...session, ingest: null }).map((f) => f.label)).toEqual(['Duration', 'Peak viewers']);
  });
});

describe('replayState', () => {
  const video = (status: 'processing' | 'ready' | 'failed' | 'uploading') => ({
    status,
    progress: 40,
    failureReason: status === 'failed' ? 'The recording is damaged.' : null,
    views: 3,
  });

  it('is none when nothing was recorded', () => {
    expect(replayState({ ...session, replayVideoId: null }, undefined, null, endedAt)).toEqual({ kind: 'none' });
  });
  it('is processing until the video is ready, then a link', () => {
    expect(replayState(session, undefined, null, endedAt)).toEqual({ kind: 'processing', progress: null });
    expect(replayState(session, video('processing'), null, endedAt)).toEqual({ kind: 'processing', progress: 40 });
    expect(replayState(session, video('ready'), null, endedAt)).toEqual({ kind: 'ready', videoId: 'v1', views: 3 });
  });
  it('says when making it failed', () => {
    expect(replayState(session, video('failed'), null, endedAt)).toEqual({
      kind: 'failed',
      reason: 'The recording is damaged.',
    });
  });
  it('reads a 404 as not made yet soon after the end, and as deleted later', () => {
    expect(replayState(session, undefined, notFound, endedAt + 5_000)).toEqual({ kind: 'processing', progress: null });
    expect(replayState(session, undefined, notFound, endedAt + REPLAY_APPEARS_WITHIN_MS + 1)).toEqual({
      kind: 'deleted',
    });
  });
});
