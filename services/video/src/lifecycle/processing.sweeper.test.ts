import { PoisonMessageError, type Subscription } from '@framecast/adapters';
import type { Video } from '@framecast/contracts';
import { eventually, type TestClock, testClock } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../testing/video.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness } from '../testing/video.harness.js';
import { defaultStallPolicy, STALLED_REASON } from './processing.sweep.plan.js';

let h: VideoHarness;
let clock: TestClock;
let ada: Account;

beforeAll(async () => {
  clock = testClock();
  // No transcoder runs here: the test plays one whose jobs vanish without a verdict.
  h = await startVideoModule({}, {}, { clock, sweepEveryMs: 50 });
  ada = await register(h.rt);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const jobs = () => h.rt.adapters.jobs;
const video = async (id: string) =>
  (await h.rt.app.inject({ url: `/api/videos/${id}`, headers: ada.auth })).json<Video>();

/** Dead-letters every transcode job it gets, as a poison job would be, so no verdict ever comes. */
async function losingWorker(taken: string[]): Promise<Subscription> {
  return jobs().consume(
    'transcode',
    async (job) => {
      taken.push(job.id);
      throw new PoisonMessageError('lost');
    },
    { prefetch: 1, maxAttempts: 3, backoffMs: () => 10 },
  );
}

describe('processing videos whose job is gone', () => {
  it('have their job enqueued with the change, and again by the sweep, until they fail', {
    timeout: 60_000,
  }, async () => {
    const created = await upload(h, ada);
    expect(created.status).toBe('processing');
    // The job left with the commit, through the outbox.
    await eventually(async () => expect(await jobs().live('transcode', created.id)).toBe(true));

    const taken: string[] = [];
    const worker = await losingWorker(taken);
    const lost = async (times: number) => {
      await eventually(async () => {
        expect(taken).toEqual(Array(times).fill(created.id));
        expect(await jobs().live('transcode', created.id)).toBe(false);
      }, 10_000);
    };
    try {
      await lost(1);
      for (let round = 1; round <= defaultStallPolicy.maxRequeues; round++) {
        // Not moved for a while, no live job: the sweep enqueues it again, and it is lost again.
        clock.shift(defaultStallPolicy.stallMs + 1000);
        await lost(round + 1);
        expect((await video(created.id)).status).toBe('processing');
        expect(h.events.filter((e) => e.type === 'video.failed')).toHaveLength(0);
      }
      clock.shift(defaultStallPolicy.stallMs + 1000);
      const failed = await h.waitForEvent((e) => e.type === 'video.failed', 10_000);
      expect(failed.payload).toEqual({ videoId: created.id, channelId: ada.userId, reason: STALLED_REASON });
      expect(await video(created.id)).toMatchObject({ status: 'failed', failureReason: STALLED_REASON });
    } finally {
      await worker.close();
    }
  });

  it('leave a video whose job is waiting alone, however long it waits', async () => {
    const created = await upload(h, ada);
    await eventually(async () => expect(await jobs().live('transcode', created.id)).toBe(true));
    clock.shift(defaultStallPolicy.blindStallMs * 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await video(created.id)).status).toBe('processing');
    const about = (payload: unknown) => (payload as { videoId?: string }).videoId;
    expect(h.events.filter((e) => e.type === 'video.failed' && about(e.payload) === created.id)).toEqual([]);
  });
});
