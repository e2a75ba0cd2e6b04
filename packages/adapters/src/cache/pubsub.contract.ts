import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PubSub } from './types.js';

export type OpenPubSub = () => Promise<PubSub>;

/** The pub/sub contract: the in-memory one and Redis both run it. */
export function pubSubContract(name: string, open: OpenPubSub): void {
  describe(`PubSub contract: ${name}`, () => {
    let pubsub: PubSub;
    let channel: string;

    beforeEach(async () => {
      channel = `fctest:${randomUUID().slice(0, 8)}`;
      pubsub = await open();
    });
    afterEach(async () => {
      await pubsub.close();
    });

    it('delivers to every subscriber of a channel, in publishing order, and to no other channel', async () => {
      const first: string[] = [];
      const second: string[] = [];
      const other: string[] = [];
      await pubsub.subscribe(channel, (message) => first.push(message));
      await pubsub.subscribe(channel, (message) => second.push(message));
      await pubsub.subscribe(`${channel}:other`, (message) => other.push(message));
      const sent = Array.from({ length: 20 }, (_, i) => `m${i}`);
      for (const message of sent) await pubsub.publish(channel, message);
      await vi.waitFor(() => expect(first).toEqual(sent));
      await vi.waitFor(() => expect(second).toEqual(sent));
      await sleep(50);
      expect(other).toEqual([]);
    });

    it('never calls a handler inside the call to publish', async () => {
      let publishing = false;
      const seen: boolean[] = [];
      await pubsub.subscribe(channel, () => seen.push(publishing));
      publishing = true;
      const done = pubsub.publish(channel, 'x');
      publishing = false;
      await done;
      await vi.waitFor(() => expect(seen).toEqual([false]));
    });

    it('stops delivering to a handler once unsubscribed, and only to that one', async () => {
      const gone: string[] = [];
      const staying: string[] = [];
      const unsubscribe = await pubsub.subscribe(channel, (message) => gone.push(message));
      await pubsub.subscribe(channel, (message) => staying.push(message));
      await pubsub.publish(channel, 'before');
      await vi.waitFor(() => expect(gone).toEqual(['before']));
      await unsubscribe();
      await pubsub.publish(channel, 'after');
      await vi.waitFor(() => expect(staying).toEqual(['before', 'after']));
      await sleep(50);
      expect(gone).toEqual(['before']);
    });

    it('keeps delivering to the other handlers when one throws', async () => {
      const received: string[] = [];
      await pubsub.subscribe(channel, () => {
        throw new Error('handler bug');
      });
      await pubsub.subscribe(channel, (message) => received.push(message));
      await pubsub.publish(channel, 'a');
      await pubsub.publish(channel, 'b');
      await vi.waitFor(() => expect(received).toEqual(['a', 'b']));
    });

    it('refuses to publish once closed', async () => {
      await pubsub.close();
      await expect(pubsub.publish(channel, 'late')).rejects.toThrow(/closed/);
    });
  });
}
