import { describe, expect, it } from 'vitest';
import { overallPercent, progressReporter, worthReporting } from './progress.throttle.js';

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

describe('progressReporter', () => {
  it('sends the updates worth it one after another, goes on past a failed send, and says when all are out', async () => {
    const sent: string[] = [];
    const failures: unknown[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reporter = progressReporter(
      async ({ stage, percent }) => {
        if (sent.length === 0) await slow;
        if (percent === 48) throw new Error('bus down');
        sent.push(`${stage} ${percent}`);
      },
      (err) => failures.push(err),
    );
    reporter.report('probing', 0);
    reporter.report('transcoding', 10);
    reporter.report('transcoding', 10.2);
    reporter.report('transcoding', 50);
    reporter.report('packaging', 100);
    let flushed = false;
    void reporter.flushed().then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(flushed).toBe(false);
    release();
    await reporter.flushed();
    expect(sent).toEqual(['probing 0', 'transcoding 11', 'packaging 100']);
    expect(failures).toHaveLength(1);
  });
});
