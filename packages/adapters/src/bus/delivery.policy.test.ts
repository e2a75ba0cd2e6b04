import { describe, expect, it } from 'vitest';
import { checkConsumeOptions, decideFailure, eventDelivery, queueNames } from './delivery.policy.js';

describe('decideFailure', () => {
  const policy = { maxAttempts: 3, backoffMs: (attempt: number) => 100 * attempt };

  it('retries with the backoff of the attempt that failed', () => {
    expect(decideFailure(1, policy)).toEqual({ kind: 'retry', nextAttempt: 2, delayMs: 100 });
    expect(decideFailure(2, policy)).toEqual({ kind: 'retry', nextAttempt: 3, delayMs: 200 });
  });

  it('dead-letters once the last attempt failed', () => {
    expect(decideFailure(3, policy)).toEqual({ kind: 'dead' });
    expect(decideFailure(7, policy)).toEqual({ kind: 'dead' });
  });

  it('turns a negative or meaningless backoff into an immediate retry', () => {
    expect(decideFailure(1, { maxAttempts: 2, backoffMs: () => -5 })).toMatchObject({ delayMs: 0 });
    expect(decideFailure(1, { maxAttempts: 2, backoffMs: () => Number.NaN })).toMatchObject({ delayMs: 0 });
    expect(decideFailure(1, { maxAttempts: 2, backoffMs: () => 1.6 })).toMatchObject({ delayMs: 2 });
  });
});

describe('consume options', () => {
  it('fills event delivery from the defaults', () => {
    const opts = eventDelivery({ events: { maxAttempts: 2 } });
    expect(opts.maxAttempts).toBe(2);
    expect(opts.prefetch).toBe(16);
    expect(opts.backoffMs(1)).toBe(1_000);
    expect(opts.backoffMs(3)).toBe(4_000);
    expect(opts.backoffMs(30)).toBe(60_000);
  });

  it('refuses a prefetch or attempt count below one', () => {
    expect(() => checkConsumeOptions({ prefetch: 0, maxAttempts: 1, backoffMs: () => 0 })).toThrow(/prefetch/);
    expect(() => checkConsumeOptions({ prefetch: 1, maxAttempts: 0.5, backoffMs: () => 0 })).toThrow(/maxAttempts/);
  });
});

describe('queueNames', () => {
  it('names the main, delay and dead queues under the prefix', () => {
    expect(queueNames('framecast', 'jobs', 'transcode')).toEqual({
      main: 'framecast.jobs.transcode',
      delay: 'framecast.jobs.transcode.delay',
      dead: 'framecast.jobs.transcode.dead',
    });
    expect(queueNames('fc', 'events', 'notification').main).toBe('fc.events.notification');
  });

  it('refuses names a queue should not carry', () => {
    expect(() => queueNames('fc', 'events', '')).toThrow(/group name/);
    expect(() => queueNames('fc', 'jobs', 'a b')).toThrow(/queue name/);
  });
});
