/**
 * Every domain event and its payload. A table keyed by `EventType` must handle each one.
 * Routing keys on the topic exchange are these names.
 */
export interface EventPayloads {
  'user.registered': { userId: string; handle: string; email: string };
  'user.followed': { followerId: string; channelId: string; channelHandle: string };
}

export type EventType = keyof EventPayloads;
