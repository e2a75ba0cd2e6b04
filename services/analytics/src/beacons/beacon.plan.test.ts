import type { BeaconBatch } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyBatch,
  batchProblem,
  batchTarget,
  bucketsOf,
  newSession,
  type Target,
  viewSettled,
} from './beacon.plan.js';

const video: Target = { kind: 'video', id: 'v1', channelId: 'c1', duration: 200 };
const HOUR = 3600_000;
const batch = (events: BeaconBatch['events']): BeaconBatch => ({
  session: '00000000-0000-4000-8000-000000000001',
  seq: 0,
  videoId: 'v1',
  events,
});

describe('the view rule', () => {
  it('is due once per session per window, counting only playback since the last view', () => {
    const s = newSession(video, 'user:1', 0);
    expect(applyBatch(s, [{ type: 'heartbeat', from: 0, to: 9 }], video, 0, HOUR).viewDue).toBe(false);
    const due = applyBatch(s, [{ type: 'heartbeat', from: 9, to: 11 }], video, 1000, HOUR);
    expect(due.viewDue).toBe(true);
    viewSettled(s, 1000);
    expect(applyBatch(s, [{ type: 'heartbeat', from: 11, to: 40 }], video, 30_000, HOUR).viewDue).toBe(false);
    // An hour on, ten more seconds make another view.
    expect(applyBatch(s, [{ type: 'heartbeat', from: 40, to: 45 }], video, HOUR + 1000, HOUR).viewDue).toBe(true);
  });
});

describe('a batch', () => {
  it('names exactly one video or stream', () => {
    expect(batchTarget(batch([]))).toEqual({ kind: 'video', id: 'v1' });
    expect(batchTarget({ ...batch([]), streamId: 's1' })).toBeNull();
    expect(batchTarget({ ...batch([]), videoId: undefined, streamId: 's1' })).toEqual({ kind: 'stream', id: 's1' });
  });

  it('cannot run backwards, jump, pass the end or play faster than time passes', () => {
    const fresh = (events: BeaconBatch['events']) => batchProblem(batch(events), video, 'ip:a', undefined, 0);
    expect(fresh([{ type: 'heartbeat', from: 0, to: 10 }])).toBeNull();
    expect(fresh([{ type: 'heartbeat', from: 10, to: 0 }])).toMatch(/backwards/);
    expect(fresh([{ type: 'heartbeat', from: 0, to: 60.5 }])).toMatch(/at most 60/);
    expect(fresh([{ type: 'heartbeat', from: 195, to: 205 }])).toMatch(/only 200 s/);
    const minute = Array.from({ length: 7 }, (_, i) => ({ type: 'heartbeat' as const, from: i * 10, to: i * 10 + 10 }));
    expect(fresh(minute)).toMatch(/more playback than time/);
    // Half a minute later the same session may report another minute (up to twice real time, plus the slack).
    const s = newSession(video, 'ip:a', 0);
    applyBatch(s, minute.slice(0, 6), video, 0, HOUR);
    expect(batchProblem(batch(minute.slice(0, 6)), video, 'ip:a', s, 30_000)).toBeNull();
    expect(batchProblem(batch(minute), video, 'ip:a', s, 10_000)).toMatch(/more playback/);
  });

  it('belongs to the video and viewer its session started with', () => {
    const s = newSession(video, 'ip:a', 0);
    expect(batchProblem(batch([]), video, 'ip:b', s, 0)).toMatch(/another/);
    expect(batchProblem(batch([]), { ...video, id: 'v2' }, 'ip:a', s, 0)).toMatch(/another/);
  });
});

describe('applying a batch', () => {
  it('adds up stalls, errors, startup, switches and time-weighted bitrate', () => {
    const s = newSession(video, 'ip:a', 0);
    const d = applyBatch(
      s,
      [
        { type: 'startup', ms: 1200 },
        { type: 'heartbeat', from: 0, to: 4 },
        { type: 'quality', bitrate: 1000 },
        { type: 'heartbeat', from: 4, to: 6 },
        { type: 'quality', bitrate: 1000 },
        { type: 'quality', bitrate: 3000 },
        { type: 'heartbeat', from: 6, to: 8 },
        { type: 'buffering', position: 8, ms: 250 },
        { type: 'error', code: 'net', fatal: true },
        { type: 'error', code: 'decode', fatal: false },
      ],
      video,
      0,
      HOUR,
    );
    expect(d).toMatchObject({
      watchSeconds: 8,
      startupMs: 1200,
      startups: 1,
      stallMs: 250,
      stalls: 1,
      errors: 2,
      fatalErrors: 1,
      switches: 1,
      bitrateSeconds: 2 * 1000 + 2 * 3000,
      bitrateKnownSeconds: 4,
      sessions: 1,
    });
    // The session counts once towards the retention curve's denominator.
    expect(applyBatch(s, [{ type: 'heartbeat', from: 8, to: 9 }], video, 1000, HOUR).sessions).toBe(0);
  });

  it('marks each hundredth of the video once per session', () => {
    const s = newSession(video, 'ip:a', 0);
    // Two and a half hundredths: the third counts as played.
    expect(applyBatch(s, [{ type: 'heartbeat', from: 0, to: 5 }], video, 0, HOUR).buckets).toEqual([0, 1, 2]);
    // Rewatched: nothing new; the next seconds reach the fourth hundredth.
    expect(applyBatch(s, [{ type: 'heartbeat', from: 0, to: 4 }], video, 0, HOUR).buckets).toEqual([]);
    expect(applyBatch(s, [{ type: 'heartbeat', from: 4, to: 6.5 }], video, 0, HOUR).buckets).toEqual([3]);
    expect(bucketsOf(199, 201, 200)).toEqual([99, 99]);
    expect(bucketsOf(5, 5, 200)).toBeNull();
    expect(bucketsOf(0, 5, 0)).toBeNull();
  });
});
