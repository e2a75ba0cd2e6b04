import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../outbox/outbox.contract.js';
import { PoisonMessageError } from './delivery.policy.js';
import type { ConsumeOptions, DomainEvent, EventBus, Subscription } from './types.js';

export interface BusSettings {
  logger: Logger;
  events: ConsumeOptions;
  drainTimeoutMs: number;
}

/** Opens a fresh bus; `dispose` closes it and deletes whatever it created on a server. */
export type OpenBus = (settings: BusSettings) => Promise<{ bus: EventBus; dispose(): Promise<void> }>;

export function domainEvent(type: string, payload: unknown = {}): DomainEvent {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), payload };
}

/** The event bus contract: the in-process bus and RabbitMQ both run it. */
export function eventBusContract(name: string, open: OpenBus): void {
  describe(`EventBus contract: ${name}`, () => {
    const settings = { events: { prefetch: 4, maxAttempts: 3, backoffMs: () => 5 }, drainTimeoutMs: 300 };
    let bus: EventBus;
    let dispose: () => Promise<void>;
    let log: ReturnType<typeof memoryLogger>;
    const group = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}`;

    beforeEach(async () => {
      log = memoryLogger();
      ({ bus, dispose } = await open({ ...settings, logger: log.logger }));
    });
    afterEach(async () => {
      await dispose();
    });

    it('delivers a published event to a subscriber, unchanged', async () => {
      const received: DomainEvent[] = [];
      await bus.subscribe(group('users'), ['user.registered'], async (event) => {
        received.push(event);
      });
      const sent = domainEvent('user.registered', { userId: 'u1', tags: ['a'], nested: { n: 1 } });
      await bus.publish(sent);
      await vi.waitFor(() => expect(received).toEqual([sent]));
    });

    it('routes by topic pattern: * is one word, # zero or more', async () => {
      const got = new Map<string, string[]>();
      const patterns: Record<string, string[]> = {
        users: ['user.*'],
        videos: ['video.#'],
        everything: ['#'],
        done: ['*.*.done', 'chat.message'],
      };
      for (const [tag, bindings] of Object.entries(patterns)) {
        got.set(tag, []);
        await bus.subscribe(group(tag), bindings, async (event) => {
          got.get(tag)!.push(event.type);
        });
      }
      const types = ['user.registered', 'user.profile.updated', 'video', 'video.transcode.done', 'chat.message'];
      for (const type of types) await bus.publish(domainEvent(type));

      await vi.waitFor(() => expect(got.get('everything')).toHaveLength(types.length));
      await vi.waitFor(() => expect(got.get('done')).toHaveLength(2));
      await sleep(100);
      expect(got.get('users')).toEqual(['user.registered']);
      expect([...got.get('videos')!].sort()).toEqual(['video', 'video.transcode.done']);
      expect([...got.get('done')!].sort()).toEqual(['chat.message', 'video.transcode.done']);
    });

    it('gives every group every event, and shares a group among its consumers', async () => {
      const shared = group('shared');
      const first: string[] = [];
      const second: string[] = [];
      const other: string[] = [];
      // Handlers outlast the publishing of all 20: a consumer takes at most its prefetch (16) at once, so the
      // group's other consumer must get the rest, whichever consumer is quicker to claim.
      const slowly = (into: string[]) => async (event: DomainEvent) => {
        await sleep(300);
        into.push(event.id);
      };
      await bus.subscribe(shared, ['job.*'], slowly(first));
      await bus.subscribe(shared, ['job.*'], slowly(second));
      await bus.subscribe(group('other'), ['job.*'], slowly(other));

      const sent = Array.from({ length: 20 }, (_, i) => domainEvent('job.step', { i }));
      for (const event of sent) await bus.publish(event);

      await vi.waitFor(() => expect(first.length + second.length).toBe(20));
      await vi.waitFor(() => expect(other).toHaveLength(20));
      expect(new Set([...first, ...second])).toEqual(new Set(sent.map((event) => event.id)));
      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
    });

    it('never runs a handler inside the call to publish', async () => {
      let publishing = false;
      const seen: boolean[] = [];
      await bus.subscribe(group('sync'), ['tick'], async () => {
        seen.push(publishing);
      });
      publishing = true;
      const done = bus.publish(domainEvent('tick'));
      publishing = false;
      await done;
      await vi.waitFor(() => expect(seen).toEqual([false]));
    });

    it('delivers again an event whose handler threw, until it succeeds', async () => {
      let calls = 0;
      await bus.subscribe(group('flaky'), ['user.registered'], async () => {
        calls += 1;
        if (calls < 3) throw new Error(`failure ${calls}`);
      });
      await bus.publish(domainEvent('user.registered'));
      await vi.waitFor(() => expect(calls).toBe(3));
      await sleep(100);
      expect(calls).toBe(3);
    });

    it('dead-letters an event after its last attempt and logs it', async () => {
      let calls = 0;
      await bus.subscribe(group('broken'), ['video.published'], async () => {
        calls += 1;
        throw new Error('always broken');
      });
      const sent = domainEvent('video.published');
      await bus.publish(sent);
      await vi.waitFor(() =>
        expect(log.lines).toContainEqual(
          expect.objectContaining({ level: 50, id: sent.id, attempt: 3, msg: expect.stringMatching(/dead-lettered/) }),
        ),
      );
      await sleep(100);
      expect(calls).toBe(3);
    });

    it('dead-letters at once an event its handler rejects as malformed, and goes on with the next', async () => {
      const seen: string[] = [];
      await bus.subscribe(group('strict'), ['video.*'], async (event) => {
        seen.push(event.id);
        if ((event.payload as { ok?: boolean }).ok !== true) throw new PoisonMessageError('payload has no "ok"');
      });
      const bad = domainEvent('video.published', { nope: 1 });
      const good = domainEvent('video.published', { ok: true });
      await bus.publish(bad);
      await bus.publish(good);
      await vi.waitFor(() => expect(seen).toContain(good.id));
      await sleep(100);
      expect(seen.filter((id) => id === bad.id)).toHaveLength(1);
      const lines = log.lines.filter((l) => l.id === bad.id && l.level === 50);
      expect(lines).toHaveLength(1);
      // The database bus carries events as jobs of the group's queue, and says so.
      expect(lines[0]?.msg).toMatch(/^malformed (event|job) dead-lettered: payload has no "ok"$/);
    });

    it("keeps a group's events while none of its consumers runs", async () => {
      const name = group('offline');
      const first = await bus.subscribe(name, ['stream.*'], async () => {});
      await first.close();
      const sent = domainEvent('stream.started');
      await bus.publish(sent);

      const received: string[] = [];
      await bus.subscribe(name, ['stream.*'], async (event) => {
        received.push(event.id);
      });
      await vi.waitFor(() => expect(received).toEqual([sent.id]));
    });

    it('closing a subscription waits for its handlers in flight, whose events are then done', async () => {
      const name = group('drain');
      let started = false;
      let finished = false;
      const subscription = await bus.subscribe(name, ['chat.message'], async () => {
        started = true;
        await sleep(150);
        finished = true;
      });
      await bus.publish(domainEvent('chat.message'));
      await vi.waitFor(() => expect(started).toBe(true));
      await subscription.close();
      expect(finished).toBe(true);

      const again: string[] = [];
      await bus.subscribe(name, ['chat.message'], async (event) => {
        again.push(event.id);
      });
      await sleep(200);
      expect(again).toEqual([]);
    });

    it('hands back an event whose handler outlives the drain timeout, for another consumer', async () => {
      const name = group('stuck');
      let release!: () => void;
      const stuck = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first: string[] = [];
      const subscription = await bus.subscribe(name, ['video.#'], async (event) => {
        first.push(event.id);
        await stuck;
      });
      const sent = domainEvent('video.uploaded');
      await bus.publish(sent);
      await vi.waitFor(() => expect(first).toEqual([sent.id]));

      const began = Date.now();
      await subscription.close();
      expect(Date.now() - began).toBeGreaterThanOrEqual(settings.drainTimeoutMs - 20);

      const second: string[] = [];
      await bus.subscribe(name, ['video.#'], async (event) => {
        second.push(event.id);
      });
      await vi.waitFor(() => expect(second).toEqual([sent.id]));
      release();
      await sleep(50);
      expect(second).toEqual([sent.id]);
    });

    it('closing the bus drains its subscriptions, then refuses to publish and fails readiness', async () => {
      await bus.ping();
      let finished = false;
      let started = false;
      const subscriptions: Subscription[] = [];
      subscriptions.push(
        await bus.subscribe(group('closing'), ['user.*'], async () => {
          started = true;
          await sleep(100);
          finished = true;
        }),
      );
      await bus.publish(domainEvent('user.deleted'));
      await vi.waitFor(() => expect(started).toBe(true));
      await bus.close();
      expect(finished).toBe(true);
      await expect(bus.publish(domainEvent('user.deleted'))).rejects.toThrow(/closed/);
      await expect(bus.ping()).rejects.toThrow();
      await subscriptions[0]!.close();
    });
  });
}
