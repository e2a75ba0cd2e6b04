import { createMemoryPubSub } from '@framecast/adapters';
import type { VideoProcessing } from '@framecast/contracts';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createRealtimePublisher, realtimeChannel } from './realtime.publisher.js';

const id = '1f0e7c1a-0000-4000-8000-00000000000a';
const processing: VideoProcessing = {
  status: 'processing',
  progress: 5,
  stage: 'probing',
  renditions: [],
  failureReason: null,
};

describe('realtime publisher', () => {
  it('publishes the serialised message on the topic’s channel in the deployment’s namespace', async () => {
    const pubsub = createMemoryPubSub({ logger: pino({ level: 'silent' }) });
    const received: string[] = [];
    await pubsub.subscribe(realtimeChannel('dep:', `video:${id}`), (message) => received.push(message));
    await createRealtimePublisher({ pubsub, prefix: 'dep:' }).publish(`video:${id}`, processing);
    await vi.waitFor(() => expect(received.map((m) => JSON.parse(m))).toEqual([processing]));
    expect(realtimeChannel('dep:', `video:${id}`)).toBe(`dep:realtime:video:${id}`);
    await pubsub.close();
  });

  it('refuses, in the type checker and at run time, a family not in the catalog or a wrong payload', async () => {
    const pubsub = createMemoryPubSub({ logger: pino({ level: 'silent' }) });
    const publisher = createRealtimePublisher({ pubsub, prefix: '' });
    // @ts-expect-error: no such topic family
    await expect(publisher.publish(`chat:${id}`, processing)).rejects.toThrow(/not a topic of a known family/);
    // @ts-expect-error: a video message has no `percent`
    await expect(publisher.publish(`video:${id}`, { ...processing, progress: undefined, percent: 5 })).rejects.toThrow(
      /Cannot publish on video:/,
    );
    // @ts-expect-error: a user topic carries notices, not a bare processing state
    await expect(publisher.publish(`user:${id}`, processing)).rejects.toThrow(/a user message/);
    await pubsub.close();
  });
});
