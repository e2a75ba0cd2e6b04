import { randomBytes } from 'node:crypto';
import type { PubSub } from '@framecast/adapters';
import type { Position } from '@framecast/contracts';
import type { Logger } from 'pino';
import { messageFrame } from './frame.codec.js';
import type { RealtimeMetrics } from './realtime.metrics.js';
import { messageProblem, realtimeChannel } from './realtime.publisher.js';
import { type BufferLimits, createTopicBuffer, type TopicBuffer } from './topic.buffer.js';

/** Anything that takes a topic's messages: a socket. */
export interface Subscriber {
  deliver(frame: Buffer): void;
  /** Messages may have been lost (pub/sub reconnected): the topic goes on from `epoch`/`seq`; refetch the state. */
  reload(topic: string, epoch: string, seq: number): void;
}

/** How a subscription starts: from the topic's position now, after a replay, or with a reload. */
export interface Attached {
  kind: 'subscribed' | 'reload';
  epoch: string;
  seq: number;
  replay: Buffer[];
}

interface Entry {
  buffer: TopicBuffer;
  subscribers: Set<Subscriber>;
  ready: Promise<void>;
  unsubscribe?: () => Promise<void>;
  linger?: ReturnType<typeof setTimeout>;
}

/**
 * The topics this hub follows. A topic's pub/sub channel is subscribed while any local socket wants it, and for
 * `limits.maxAgeMs` after the last one left, so a socket that reconnects within that time can resume. Each message
 * is numbered and serialised once, kept in the topic's buffer and written to every subscriber.
 */
export function createTopicRegistry(deps: {
  pubsub: PubSub;
  prefix: string;
  limits: BufferLimits;
  metrics: RealtimeMetrics;
  logger: Logger;
  now?: () => number;
}) {
  const topics = new Map<string, Entry>();
  const now = deps.now ?? Date.now;
  const newBuffer = () => createTopicBuffer(randomBytes(9).toString('base64url'), deps.limits);

  // Whatever was published while pub/sub was down is lost: every topic starts a new epoch, and its subscribers reload.
  const stopListening = deps.pubsub.onReconnect(() => {
    for (const [topic, entry] of topics) {
      entry.buffer = newBuffer();
      for (const subscriber of entry.subscribers) subscriber.reload(topic, entry.buffer.epoch, entry.buffer.seq);
    }
  });

  const receive = (topic: string, entry: Entry, raw: string) => {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      data = undefined;
    }
    const problem = data === undefined ? 'is not JSON' : messageProblem(topic, data);
    if (problem) {
      deps.metrics.dropped('invalid_message');
      deps.logger.warn({ topic, problem }, 'a real-time message was discarded');
      return;
    }
    const frame = entry.buffer.append((seq) => messageFrame(topic, seq, raw), now());
    for (const subscriber of entry.subscribers) subscriber.deliver(frame);
  };

  const entryFor = (topic: string): Entry => {
    const existing = topics.get(topic);
    if (existing) return existing;
    const entry: Entry = {
      buffer: newBuffer(),
      subscribers: new Set(),
      ready: Promise.resolve(),
    };
    entry.ready = deps.pubsub
      .subscribe(realtimeChannel(deps.prefix, topic), (raw) => receive(topic, entry, raw))
      .then(
        (unsubscribe) => {
          entry.unsubscribe = unsubscribe;
        },
        (error: unknown) => {
          forget(topic, entry);
          throw error;
        },
      );
    topics.set(topic, entry);
    deps.metrics.topics.inc();
    return entry;
  };

  const forget = (topic: string, entry: Entry) => {
    if (topics.get(topic) !== entry) return false;
    topics.delete(topic);
    deps.metrics.topics.dec();
    return true;
  };

  const release = async (topic: string, entry: Entry) => {
    if (entry.subscribers.size > 0 || !forget(topic, entry)) return;
    await entry.unsubscribe?.().catch((err: unknown) => deps.logger.warn({ err, topic }, 'unsubscribing failed'));
  };

  return {
    /** Adds a subscriber; with `since`, replays what it missed or tells it to reload. */
    async attach(topic: string, subscriber: Subscriber, since?: Position): Promise<Attached> {
      const entry = entryFor(topic);
      await entry.ready;
      if (topics.get(topic) !== entry) return this.attach(topic, subscriber, since);
      clearTimeout(entry.linger);
      entry.subscribers.add(subscriber);
      const { epoch, seq } = entry.buffer;
      if (!since) return { kind: 'subscribed', epoch, seq, replay: [] };
      const resumed = entry.buffer.resume(since, now());
      return resumed.kind === 'replay'
        ? { kind: 'subscribed', epoch, seq: since.seq, replay: resumed.frames }
        : { kind: 'reload', epoch, seq, replay: [] };
    },
    detach(topic: string, subscriber: Subscriber): void {
      const entry = topics.get(topic);
      if (!entry?.subscribers.delete(subscriber) || entry.subscribers.size > 0) return;
      entry.linger = setTimeout(() => void release(topic, entry), deps.limits.maxAgeMs);
      entry.linger.unref();
    },
    async close(): Promise<void> {
      stopListening();
      const entries = [...topics.values()];
      for (const [topic, entry] of topics) {
        clearTimeout(entry.linger);
        forget(topic, entry);
      }
      await Promise.all(entries.map((entry) => entry.unsubscribe?.().catch(() => undefined)));
    },
  };
}

export type TopicRegistry = ReturnType<typeof createTopicRegistry>;
