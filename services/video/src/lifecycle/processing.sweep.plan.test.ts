import { describe, expect, it } from 'vitest';
import { defaultStallPolicy, planStalled } from './processing.sweep.plan.js';

const now = new Date('2026-12-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const row = (idleMs: number, requeues = 0, status: 'processing' | 'ready' = 'processing') => ({
  status,
  updated_at: ago(idleMs),
  requeues,
});
const { stallMs, blindStallMs, maxRequeues } = defaultStallPolicy;

describe('planStalled', () => {
  it('waits for a live job however long it runs', () => {
    expect(planStalled(row(blindStallMs * 10), true, now)).toBe('wait');
  });

  it('enqueues again a job the queue no longer has, once the video stopped moving', () => {
    expect(planStalled(row(stallMs - 1), false, now)).toBe('wait');
    expect(planStalled(row(stallMs), false, now)).toBe('requeue');
  });

  it('where the queue cannot tell, presumes the job lost only after the long wait', () => {
    expect(planStalled(row(stallMs * 2), undefined, now)).toBe('wait');
    expect(planStalled(row(blindStallMs), undefined, now)).toBe('requeue');
  });

  it('fails the video once it was enqueued again as often as allowed', () => {
    expect(planStalled(row(stallMs, maxRequeues - 1), false, now)).toBe('requeue');
    expect(planStalled(row(stallMs, maxRequeues), false, now)).toBe('fail');
  });

  it('leaves videos that are not processing alone', () => {
    expect(planStalled(row(blindStallMs, 0, 'ready'), false, now)).toBe('wait');
  });
});
