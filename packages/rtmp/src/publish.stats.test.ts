import { describe, expect, it } from 'vitest';
import { MediaQueue } from './media.queue.js';
import { StatsMeter } from './publish.stats.js';

describe('stats meter', () => {
  it('measures bitrate over its wall-clock window', () => {
    const meter = new StatsMeter(0, 5000);
    for (let t = 0; t < 10_000; t += 100) meter.received(12_500, t); // 1 Mbit/s
    expect(meter.snapshot(10_000).bitrate).toBeGreaterThan(950_000);
    expect(meter.snapshot(10_000).bitrate).toBeLessThan(1_100_000);
    // Nothing for a while: the window empties.
    expect(meter.snapshot(20_000).bitrate).toBe(0);
    expect(meter.snapshot(20_000).bytesIn).toBe(1_250_000);
  });

  it('counts frames, fps from media timestamps, and the keyframe interval', () => {
    const meter = new StatsMeter(0);
    for (let i = 0; i < 90; i++) meter.videoFrame(Math.round(i * (1000 / 30)), i % 60 === 0);
    for (let i = 0; i < 50; i++) meter.audioFrame(i * 23);
    const s = meter.snapshot(3000);
    expect(s).toMatchObject({ videoFrames: 90, audioFrames: 50, keyframes: 2, keyframeInterval: 2000, lateFrames: 0 });
    expect(s.fps).toBeCloseTo(30, 1);
    expect(s.mediaDurationMs).toBe(2967);
  });

  it('follows timestamps across 2^32 and counts frames that go backwards as late', () => {
    const meter = new StatsMeter(0);
    const start = 2 ** 32 - 100;
    for (let i = 0; i < 10; i++) meter.videoFrame((start + i * 40) >>> 0, i === 0 || i === 5);
    meter.videoFrame((start + 100) >>> 0, false); // behind the last one
    const s = meter.snapshot(1000);
    expect(s.fps).toBeCloseTo(25, 5);
    expect(s.keyframeInterval).toBe(200);
    expect(s.lateFrames).toBe(1);
    expect(s.mediaDurationMs).toBe(360);
  });

  it('has no fps before two frames', () => {
    const meter = new StatsMeter(0);
    expect(meter.snapshot(0).fps).toBeUndefined();
    meter.videoFrame(0, true);
    expect(meter.snapshot(0).fps).toBeUndefined();
  });
});

describe('media queue', () => {
  const make = (highWaterBytes: number) => {
    const pressure: boolean[] = [];
    const queue = new MediaQueue<Buffer>({
      highWaterBytes,
      sizeOf: (b) => b.length,
      onPressure: (p) => pressure.push(p),
    });
    return { queue, pressure };
  };

  it('asks to pause past the high-water mark and to resume at half of it', async () => {
    const { queue, pressure } = make(1000);
    for (let i = 0; i < 15; i++) queue.push(Buffer.alloc(100));
    expect(pressure).toEqual([true]);
    expect(queue.queuedBytes).toBe(1500);
    const it = queue.consume();
    for (let i = 0; i < 9; i++) await it.next();
    expect(pressure).toEqual([true]);
    await it.next(); // 500 left: half the mark
    expect(pressure).toEqual([true, false]);
  });

  it('hands items over in order, waits for more, and ends after what was queued', async () => {
    const { queue } = make(1000);
    const got: number[] = [];
    const done = (async () => {
      for await (const b of queue.consume()) got.push(b[0]!);
    })();
    queue.push(Buffer.from([1]));
    await new Promise((r) => setTimeout(r, 5));
    queue.push(Buffer.from([2]));
    queue.push(Buffer.from([3]));
    queue.end();
    queue.push(Buffer.from([4])); // after the end: ignored
    await done;
    expect(got).toEqual([1, 2, 3]);
  });

  it('drops what is queued and relieves pressure when the consumer stops', async () => {
    const { queue, pressure } = make(100);
    for (let i = 0; i < 5; i++) queue.push(Buffer.alloc(50));
    const it = queue.consume();
    await it.next();
    await it.return?.();
    expect(queue.queuedBytes).toBe(0);
    expect(pressure).toEqual([true, false]);
    expect((await it.next()).done).toBe(true);
  });

  it('has one consumer', () => {
    const { queue } = make(100);
    queue.consume();
    expect(() => queue.consume()).toThrow(/once/);
  });
});
