import { describe, expect, it } from 'vitest';
import { bytesPerSecond, formatTimeLeft, percentOf, secondsLeft, trimSamples } from './upload.progress.js';

describe('bytesPerSecond', () => {
  it('divides the bytes by the time between the first and last samples', () => {
    expect(
      bytesPerSecond([
        { at: 0, bytes: 0 },
        { at: 1000, bytes: 500_000 },
        { at: 2000, bytes: 2_000_000 },
      ]),
    ).toBe(1_000_000);
  });
  it('says 0 with too few or too close samples', () => {
    expect(bytesPerSecond([])).toBe(0);
    expect(bytesPerSecond([{ at: 0, bytes: 10 }])).toBe(0);
    expect(
      bytesPerSecond([
        { at: 0, bytes: 0 },
        { at: 100, bytes: 1_000_000 },
      ]),
    ).toBe(0);
  });
  it('never goes negative when a resumed upload restarts lower', () => {
    expect(
      bytesPerSecond([
        { at: 0, bytes: 5_000 },
        { at: 1000, bytes: 1_000 },
      ]),
    ).toBe(0);
  });
});

describe('trimSamples', () => {
  const samples = [0, 1000, 2000, 6000, 7000].map((at) => ({ at, bytes: at }));
  it('keeps the window and the sample just before it', () => {
    expect(trimSamples(samples, 7000, 5000).map((s) => s.at)).toEqual([1000, 2000, 6000, 7000]);
  });
  it('keeps the last sample when all are old', () => {
    expect(trimSamples(samples, 60_000, 5000).map((s) => s.at)).toEqual([7000]);
  });
});

describe('percentOf', () => {
  it('rounds down and reaches 100 only at the end', () => {
    expect(percentOf(0, 1000)).toBe(0);
    expect(percentOf(426, 1000)).toBe(42);
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(9999, 10000)).toBe(99);
    expect(percentOf(1000, 1000)).toBe(100);
  });
  it('is 0 for an unknown size', () => {
    expect(percentOf(10, 0)).toBe(0);
  });
});

describe('secondsLeft and formatTimeLeft', () => {
  it('estimates from the speed', () => {
    expect(secondsLeft(2_000_000, 10_000_000, 1_000_000)).toBe(8);
    expect(secondsLeft(0, 100, 0)).toBeNull();
  });
  it('speaks in the largest sensible unit', () => {
    expect(formatTimeLeft(null)).toBe('');
    expect(formatTimeLeft(1)).toBe('1 second left');
    expect(formatTimeLeft(42)).toBe('42 seconds left');
    expect(formatTimeLeft(170)).toBe('about 3 minutes left');
    expect(formatTimeLeft(5400)).toBe('about 1.5 hours left');
  });
});
