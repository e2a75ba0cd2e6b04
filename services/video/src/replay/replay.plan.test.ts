import type { EventPayloads } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import type { VideoDetails } from '../video.tables.js';
import { remuxJobOf, replayVideo } from './replay.plan.js';

const now = new Date('2026-11-26T12:00:00Z');
const event = (over: Partial<EventPayloads['stream.recorded']> = {}): EventPayloads['stream.recorded'] => ({
  sessionId: 's1',
  channelId: 'c1',
  channelHandle: 'Ada',
  title: 'Building a synth',
  videoId: 'v1',
  duration: 8.1,
  recordingPrefix: 'live/s1/',
  renditions: [
    { name: '720p', kind: 'video', firstMsn: 0, lastMsn: 7 },
    { name: 'audio', kind: 'audio', firstMsn: 0, lastMsn: 7 },
  ],
  ...over,
});

/** The details a row reads back (the insert writes them as JSONB). */
const detailsOf = (sqlValue: unknown): VideoDetails =>
  JSON.parse(
    (sqlValue as { toOperationNode(): { parameters: { value: string }[] } }).toOperationNode().parameters[0]!.value,
  );

describe('replayVideo', () => {
  it('is a public video of the channel, processing, from the live source, with its recording kept', () => {
    const row = replayVideo(event(), now);
    expect(row).toMatchObject({
      id: 'v1',
      channel_id: 'c1',
      channel_handle: 'ada',
      title: 'Building a synth',
      visibility: 'public',
      status: 'processing',
      source: 'live',
      original_key: null,
      created_at: now,
    });
    const details = detailsOf(row.details);
    expect(details.recording).toEqual({ prefix: 'live/s1/', renditions: event().renditions });
    expect(remuxJobOf({ id: 'v1', details })).toEqual({
      videoId: 'v1',
      recordingPrefix: 'live/s1/',
      renditions: event().renditions,
      outputPrefix: 'videos/v1/',
    });
  });

  it('names an untitled stream after its channel and cuts a long title to the video limit', () => {
    expect(replayVideo(event({ title: '  ' }), now).title).toBe('Live stream of Ada');
    expect(replayVideo(event({ title: 'x'.repeat(300) }), now).title).toHaveLength(120);
  });

  it('has no remux job for a video without a recording (an upload)', () => {
    const details: VideoDetails = { tags: [], category: null, language: null, renditions: [], outputs: null };
    expect(remuxJobOf({ id: 'v2', details })).toBeNull();
  });
});
