import { describe, expect, it } from 'vitest';
import { createBeaconRecorder } from './beacon.recorder.js';

const SESSION = '00000000-0000-4000-8000-000000000001';
const play = (rec: ReturnType<typeof createBeaconRecorder>, from: number, to: number) => {
  for (let t = from; t <= to + 1e-9; t += 0.25) rec.timeupdate(t, true);
};

describe('the beacon recorder', () => {
  it('reports the start with its startup time, then what was played as heartbeats of at most 10 s', () => {
    const rec = createBeaconRecorder({ videoId: 'v1' }, SESSION);
    expect(rec.take()).toBeNull();
    rec.play(1000);
    rec.timeupdate(0, false);
    rec.playing(0, 1650);
    play(rec, 0, 23);
    const first = rec.take();
    expect(first).toEqual({
      session: SESSION,
      seq: 0,
      videoId: 'v1',
      events: [
        { type: 'start', position: 0 },
        { type: 'startup', ms: 650 },
        { type: 'heartbeat', from: 0, to: 10 },
        { type: 'heartbeat', from: 10, to: 20 },
        // The stretch playing when the batch goes is closed into it, and goes on from there.
        { type: 'heartbeat', from: 20, to: 23 },
      ],
    });
    play(rec, 23, 25);
    expect(rec.take()).toMatchObject({ seq: 1, events: [{ type: 'heartbeat', from: 23, to: 25 }] });
  });

  it('counts a short video played to its end whole: the first step and the one reaching the end', () => {
    const rec = createBeaconRecorder({ videoId: 'v1' }, SESSION);
    rec.play(0);
    // No time update at 0: the first comes a step into playback.
    rec.playing(0, 100);
    play(rec, 0.25, 7.75);
    // The browser pauses at the end, then sends the update reaching it, then pause and ended.
    rec.timeupdate(8, true);
    rec.pause(8);
    rec.ended(8);
    expect(rec.take()?.events.filter((e) => e.type === 'heartbeat')).toEqual([{ type: 'heartbeat', from: 0, to: 8 }]);
  });

  it('counts nothing while paused, seeking or scrubbing, and says so', () => {
    const rec = createBeaconRecorder({ videoId: 'v1' }, SESSION);
    rec.play(0);
    rec.playing(0, 100);
    play(rec, 0, 4);
    rec.pause(4);
    rec.timeupdate(4, false);
    rec.seeked(4, 60);
    rec.timeupdate(60, false);
    rec.playing(60, 200);
    play(rec, 60, 62);
    // A jump without a seek event (the tab slept) closes the stretch too.
    rec.timeupdate(90, true);
    play(rec, 90, 91);
    const events = rec.take()?.events ?? [];
    expect(events.filter((e) => e.type !== 'start' && e.type !== 'startup')).toEqual([
      { type: 'heartbeat', from: 0, to: 4 },
      { type: 'pause', position: 4 },
      { type: 'seek', from: 4, to: 60 },
      { type: 'heartbeat', from: 60, to: 62 },
      { type: 'heartbeat', from: 90, to: 91 },
    ]);
  });

  it('reports stalls after the start, renditions when they change, and errors with a safe code', () => {
    const rec = createBeaconRecorder({ streamId: 's1' }, SESSION);
    rec.waiting(0, 0);
    rec.playing(0, 500);
    rec.quality(2_000_000, 720);
    rec.quality(2_000_000, 720);
    play(rec, 0, 2);
    rec.waiting(2, 1000);
    rec.playing(2, 1800);
    rec.quality(800_000);
    rec.error('media error <decode>', true);
    const batch = rec.take();
    expect(batch?.streamId).toBe('s1');
    expect(batch?.events).toEqual([
      { type: 'start', position: 0 },
      { type: 'quality', bitrate: 2_000_000, height: 720 },
      { type: 'heartbeat', from: 0, to: 2 },
      { type: 'buffering', position: 2, ms: 800 },
      { type: 'quality', bitrate: 800_000 },
      { type: 'error', code: 'media_error__decode_', fatal: true },
    ]);
  });

  it('sends at most 100 events a batch, the rest in the next', () => {
    const rec = createBeaconRecorder({ videoId: 'v1' }, SESSION);
    rec.playing(0, 0);
    for (let i = 1; i <= 150; i++) rec.pause(i);
    expect(rec.take()?.events).toHaveLength(100);
    expect(rec.take()?.events).toHaveLength(51);
    expect(rec.take()).toBeNull();
  });
});
