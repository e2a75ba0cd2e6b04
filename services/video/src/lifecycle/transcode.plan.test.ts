import type { TranscodeResult } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import type { VideoRow } from '../video.tables.js';
import { planTranscodeEvent } from './transcode.plan.js';

const now = new Date('2026-11-26T12:00:00Z');
const opts = { now, maxDurationSeconds: 6 * 3600 };
const row = (over: Partial<VideoRow> = {}): VideoRow => ({
  id: 'v1',
  channel_id: 'c1',
  channel_handle: 'ada',
  title: 't',
  description: '',
  visibility: 'public',
  status: 'processing',
  source: 'upload',
  progress: 0,
  failure_reason: null,
  duration: null,
  width: null,
  height: null,
  size: 10,
  original_key: 'videos/v1/original',
  views: 0,
  requeues: 0,
  details: { tags: [], category: null, language: null, renditions: [], outputs: null },
  created_at: now,
  updated_at: now,
  published_at: null,
  playback_generation: 0,
  ...over,
});
const result: TranscodeResult = {
  videoId: 'v1',
  duration: 12.5,
  width: 1280,
  height: 720,
  renditions: [{ name: '720p', width: 1280, height: 720, bitrate: 3_000_000, codecs: 'avc1.64001f' }],
  outputs: { hls: 'media/master.m3u8', dash: 'media/manifest.mpd', poster: 'poster.jpg', storyboard: null },
};
const progress = (percent: number) =>
  ({ type: 'transcode.progress', payload: { videoId: 'v1', stage: 'transcoding', percent } }) as const;

describe('planTranscodeEvent', () => {
  it('records progress and announces it every 5 %', () => {
    expect(planTranscodeEvent(row(), progress(3), opts)).toEqual({
      patch: { progress: 3, updated_at: now },
      emit: null,
      push: { status: 'processing', progress: 3, stage: 'transcoding', renditions: [], failureReason: null },
    });
    const step = planTranscodeEvent(row({ progress: 3 }), progress(6.4), opts);
    expect(step.patch).toEqual({ progress: 6, updated_at: now });
    expect(step.emit).toEqual({ type: 'video.progress', payload: { videoId: 'v1', stage: 'transcoding', percent: 6 } });
  });

  it('never moves progress backwards nor to 100 before the result', () => {
    expect(planTranscodeEvent(row({ progress: 50 }), progress(40), opts)).toEqual({
      patch: null,
      emit: null,
      push: null,
    });
    expect(planTranscodeEvent(row({ progress: 50 }), progress(100), opts).patch).toMatchObject({ progress: 99 });
  });

  it('makes the video ready with its renditions', () => {
    const plan = planTranscodeEvent(row(), { type: 'transcode.completed', payload: result }, opts);
    expect(plan.patch).toMatchObject({
      status: 'ready',
      progress: 100,
      duration: 12.5,
      width: 1280,
      published_at: now,
    });
    expect(plan.emit).toEqual({
      type: 'video.ready',
      payload: {
        videoId: 'v1',
        channelId: 'c1',
        channelHandle: 'ada',
        title: 't',
        visibility: 'public',
        duration: 12.5,
        renditions: ['720p'],
      },
    });
    expect(plan.push).toEqual({
      status: 'ready',
      progress: 100,
      stage: null,
      renditions: result.renditions,
      failureReason: null,
    });
  });

  it('makes the first renditions playable while the video stays processing, and says so once', () => {
    const early = { ...result, renditions: result.renditions.slice(0, 1) };
    const plan = planTranscodeEvent(row({ progress: 40 }), { type: 'transcode.renditions', payload: early }, opts);
    expect(plan.patch).toMatchObject({ duration: 12.5, width: 1280, height: 720, updated_at: now });
    expect(plan.patch).not.toHaveProperty('status');
    expect(plan.patch).not.toHaveProperty('published_at');
    expect(plan.patch).not.toHaveProperty('progress');
    expect(plan.emit).toEqual({
      type: 'video.renditions',
      payload: { videoId: 'v1', channelId: 'c1', renditions: ['720p'] },
    });
    // Pages following the video hear of the new renditions while it is still processing.
    expect(plan.push).toEqual({
      status: 'processing',
      progress: 40,
      stage: null,
      renditions: early.renditions,
      failureReason: null,
    });
    // The same renditions announced again (a retried job): nothing new to tell.
    const known = row({ details: { ...row().details, renditions: early.renditions, outputs: early.outputs } });
    const again = planTranscodeEvent(known, { type: 'transcode.renditions', payload: early }, opts);
    expect(again.emit).toBeNull();
    expect(again.push).toBeNull();
    // After the whole ladder, a late announcement changes nothing.
    expect(
      planTranscodeEvent(row({ status: 'ready' }), { type: 'transcode.renditions', payload: early }, opts),
    ).toEqual({ patch: null, emit: null, push: null });
    // Too long is failed at once, as for the whole result.
    const long = planTranscodeEvent(
      row(),
      { type: 'transcode.renditions', payload: { ...early, duration: 7 * 3600 } },
      opts,
    );
    expect(long.patch).toMatchObject({ status: 'failed' });
  });

  it('fails with the reason given, or when the result is too long', () => {
    const plan = planTranscodeEvent(
      row(),
      { type: 'transcode.failed', payload: { videoId: 'v1', reason: 'The file is not a video.', retryable: false } },
      opts,
    );
    expect(plan.patch).toMatchObject({ status: 'failed', failure_reason: 'The file is not a video.' });
    expect(plan.emit?.type).toBe('video.failed');
    expect(plan.push).toMatchObject({ status: 'failed', failureReason: 'The file is not a video.', stage: null });
    const long = planTranscodeEvent(
      row(),
      { type: 'transcode.completed', payload: { ...result, duration: 7 * 3600 } },
      opts,
    );
    expect(long.patch).toMatchObject({
      status: 'failed',
      failure_reason: 'The video is longer than the 6 hours allowed.',
    });
  });

  it('ignores events for videos that are gone or no longer processing', () => {
    const nothing = { patch: null, emit: null, push: null };
    expect(planTranscodeEvent(undefined, progress(10), opts)).toEqual(nothing);
    expect(planTranscodeEvent(row({ status: 'ready' }), progress(10), opts)).toEqual(nothing);
    expect(
      planTranscodeEvent(row({ status: 'failed' }), { type: 'transcode.completed', payload: result }, opts),
    ).toEqual(nothing);
  });
});
