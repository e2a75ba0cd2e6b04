import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeat, HEARTBEAT_INTERVAL_MS, heartbeatDelay, randomViewerId } from './heartbeat.js';

describe('heartbeatDelay', () => {
  it('is due at once when playback starts', () => {
    expect(heartbeatDelay({ playing: true, lastSent: null, now: 1_000 })).toBe(0);
  });
  it('waits out the interval after the last one', () => {
    expect(heartbeatDelay({ playing: true, lastSent: 1_000, now: 11_000 })).toBe(20_000);
    expect(heartbeatDelay({ playing: true, lastSent: 1_000, now: 31_000 })).toBe(0);
    expect(heartbeatDelay({ playing: true, lastSent: 1_000, now: 90_000 })).toBe(0);
    expect(heartbeatDelay({ playing: true, lastSent: 0, now: 4_000, interval: 5_000 })).toBe(1_000);
  });
  it('sends nothing while not playing', () => {
    expect(heartbeatDelay({ playing: false, lastSent: null, now: 1_000 })).toBeNull();
    expect(heartbeatDelay({ playing: false, lastSent: 0, now: 60_000 })).toBeNull();
  });
});

describe('createHeartbeat', () => {
  let sent: number[];
  let heartbeat: ReturnType<typeof createHeartbeat>;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    sent = [];
    heartbeat = createHeartbeat({
      send: () => sent.push(Date.now()),
      now: () => Date.now(),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    });
  });
  afterEach(() => {
    heartbeat.stop();
    vi.useRealTimers();
  });

  it('beats when playback starts, then every 30 s while it plays', () => {
    expect(sent).toEqual([]);
    heartbeat.setPlaying(true);
    expect(sent).toEqual([0]);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 3 + 1_000);
    expect(sent).toEqual([0, 30_000, 60_000, 90_000]);
  });

  it('stops while paused, and does not beat twice for a short pause', () => {
    heartbeat.setPlaying(true);
    vi.advanceTimersByTime(10_000);
    heartbeat.setPlaying(false);
    vi.advanceTimersByTime(5_000);
    heartbeat.setPlaying(true);
    // Resumed 15 s after the first: the next is still due 30 s after it.
    expect(sent).toEqual([0]);
    vi.advanceTimersByTime(15_000);
    expect(sent).toEqual([0, 30_000]);
  });

  it('beats at once on resuming after a long pause', () => {
    heartbeat.setPlaying(true);
    heartbeat.setPlaying(false);
    vi.advanceTimersByTime(120_000);
    expect(sent).toEqual([0]);
    heartbeat.setPlaying(true);
    expect(sent).toEqual([0, 120_000]);
  });

  it('sends nothing more once stopped', () => {
    heartbeat.setPlaying(true);
    heartbeat.stop();
    heartbeat.setPlaying(false);
    heartbeat.setPlaying(true);
    vi.advanceTimersByTime(120_000);
    expect(sent).toEqual([0]);
  });
});

describe('randomViewerId', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  it('is a version 4 UUID, new each time', () => {
    const a = randomViewerId();
    expect(a).toMatch(uuid);
    expect(randomViewerId()).not.toBe(a);
  });
  it('makes one from random bytes where randomUUID is missing', () => {
    const id = randomViewerId({ getRandomValues: (array) => crypto.getRandomValues(array) });
    expect(id).toMatch(uuid);
    const zeros = randomViewerId({ getRandomValues: <T extends ArrayBufferView | null>(array: T) => array });
    expect(zeros).toBe('00000000-0000-4000-8000-000000000000');
  });
});
