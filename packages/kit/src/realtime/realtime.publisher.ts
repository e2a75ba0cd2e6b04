import type { PubSub } from '@framecast/adapters';
import { parseTopic, type Topic, type TopicMessage, topicFamilies } from '@framecast/contracts';
import Compile from 'typebox/compile';

const messages = Object.fromEntries(
  Object.entries(topicFamilies).map(([family, declared]) => [family, Compile(declared.message)]),
) as Record<keyof typeof topicFamilies, ReturnType<typeof Compile>>;

/** The pub/sub channel of a topic, in the deployment's namespace. */
export function realtimeChannel(prefix: string, topic: string): string {
  return `${prefix}realtime:${topic}`;
}

/** Checks a message against its family's schema; null when it is good, else what is wrong. Pure. */
export function messageProblem(topic: string, data: unknown): string | null {
  const parsed = parseTopic(topic);
  if (!parsed) return `"${topic}" is not a topic of a known family`;
  const check = messages[parsed.family];
  if (check.Check(data)) return null;
  const [error] = check.Errors(data);
  return `a ${parsed.family} message ${error ? `${error.instancePath || '/'} ${error.message}` : 'is malformed'}`;
}

/** How modules push to browsers: `publish('video:<id>', {...})`, typed by the topic catalog. */
export interface RealtimePublisher {
  /** Sends to every hub that has subscribers of `topic`; nobody listening is no error. */
  publish<T extends Topic>(topic: T, data: TopicMessage<T>): Promise<void>;
}

/** Publishes over the pub/sub adapter (Redis across instances, memory in one process), serialised once here. */
export function createRealtimePublisher(deps: { pubsub: PubSub; prefix: string }): RealtimePublisher {
  return {
    async publish(topic, data) {
      const problem = messageProblem(topic, data);
      if (problem) throw new TypeError(`Cannot publish on ${topic}: ${problem}.`);
      await deps.pubsub.publish(realtimeChannel(deps.prefix, topic), JSON.stringify(data));
    },
  };
}
