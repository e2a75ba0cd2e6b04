import { describe, expect, it } from 'vitest';
import { overallPercent, worthReporting } from './progress.throttle.js';

describe('overallPercent', () => {
  it.each([
    ['probing', 0, 0],
    ['transcoding', 0, 2],
    ['transcoding', 50, 48],
    ['transcoding', 100, 95],
    ['packaging', 100, 100],
    ['transcoding', 150, 95],
  ] as const)('%s %s%% → %s%%', (stage, percent, overall) => {
    expect(overallPercent(stage, percent)).toBe(overall);
  });
});

describe('worthReporting', () => {
  it.each([
    [null, { stage: 'probing', percent: 0 }, true],
    [{ stage: 'transcoding', percent: 10 }, { stage: 'transcoding', percent: 10 }, false],
    [{ stage: 'transcoding', percent: 10 }, { stage: 'transcoding', percent: 11 }, true],
    [{ stage: 'transcoding', percent: 95 }, { stage: 'packaging', percent: 95 }, true],
  ] as const)('%j then %j → %s', (last, next, expected) => {
    expect(worthReporting(last, next)).toBe(expected);
  });
});
