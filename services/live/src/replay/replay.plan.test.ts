import { recordedKeys } from '@framecast/contracts';
import { liveLayout, type RecordedRendition, type RecordedSegment } from '@framecast/packager';
import { describe, expect, it } from 'vitest';
import { planReplay } from './replay.plan.js';

const segments = (name: string, from: number, count: number, duration = 1): RecordedSegment[] =>
  Array.from({ length: count }, (_, i) => ({
    msn: from + i,
    key: liveLayout.segment(name, from + i),
    start: i * duration,
    duration,
    programDateTime: 0,
    bytes: 1000,
    deleted: false,
  }));

const rendition = (name: string, kind: 'video' | 'audio' | null, segs: RecordedSegment[]): RecordedRendition => ({
  name,
  kind,
  initKey: liveLayout.init(name),
  segments: segs,
});

describe('planReplay', () => {
  it('lists every rendition with segments, video highest first then the audio, timed by the top rendition', () => {
    const plan = planReplay([
      rendition('720p', 'video', segments('720p', 0, 8, 1.001)),
      rendition('360p', 'video', segments('360p', 0, 8)),
      rendition('audio', 'audio', segments('audio', 1, 7)),
    ]);
    expect(plan).toEqual({
      duration: 8.008,
      renditions: [
        { name: '720p', kind: 'video', firstMsn: 0, lastMsn: 7 },
        { name: '360p', kind: 'video', firstMsn: 0, lastMsn: 7 },
        { name: 'audio', kind: 'audio', firstMsn: 1, lastMsn: 7 },
      ],
    });
  });

  it('makes no replay of a stream without a video segment', () => {
    expect(planReplay([])).toBeNull();
    expect(
      planReplay([rendition('720p', 'video', []), rendition('audio', 'audio', segments('audio', 0, 3))]),
    ).toBeNull();
    expect(planReplay([rendition('720p', null, [])])).toBeNull();
  });

  it('leaves out a rendition without segments or with a gap in its numbers', () => {
    const gap = [...segments('480p', 0, 2), ...segments('480p', 5, 2)];
    const plan = planReplay([
      rendition('720p', 'video', segments('720p', 3, 2)),
      rendition('480p', 'video', gap),
      rendition('audio', 'audio', []),
    ]);
    expect(plan?.renditions).toEqual([{ name: '720p', kind: 'video', firstMsn: 3, lastMsn: 4 }]);
  });

  it('derives the keys the packager wrote (the compact form of the event)', () => {
    const keys = recordedKeys('live/s1/', { name: '720p', kind: 'video', firstMsn: 4, lastMsn: 6 });
    expect(keys).toEqual({
      init: `live/s1/${liveLayout.init('720p')}`,
      segments: [4, 5, 6].map((msn) => `live/s1/${liveLayout.segment('720p', msn)}`),
    });
  });
});
