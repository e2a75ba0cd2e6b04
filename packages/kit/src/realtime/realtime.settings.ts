import Type, { type Static } from 'typebox';

/** The real-time hub's environment variables; the module that hosts the hub (the gateway) declares them. */
export const realtimeSettingsSchema = Type.Object({
  REALTIME_MAX_TOPICS: Type.Integer({ minimum: 1, default: 100 }),
  REALTIME_MAX_FRAME_BYTES: Type.Integer({ minimum: 1024, default: 16 * 1024 }),
  REALTIME_MESSAGES_PER_SECOND: Type.Integer({ minimum: 1, default: 20 }),
  REALTIME_CONNECTIONS_PER_ADDRESS: Type.Integer({ minimum: 1, default: 32 }),
  REALTIME_MAX_BUFFERED_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  REALTIME_HEARTBEAT_MS: Type.Integer({ minimum: 50, default: 30_000 }),
  REALTIME_BUFFER_MESSAGES: Type.Integer({ minimum: 1, default: 256 }),
  REALTIME_BUFFER_SECONDS: Type.Integer({ minimum: 1, default: 120 }),
});

/** Limits of the real-time hub (`/api/realtime`). */
export interface RealtimeSettings {
  /** Topics one socket may hold. */
  maxTopics: number;
  /** Largest frame a client may send; a larger one closes its socket (1009). */
  maxFrameBytes: number;
  /** Frames a client may send per second; more close its socket (4001). */
  messagesPerSecond: number;
  /** Open sockets per client address; more are closed at once (4002). */
  connectionsPerAddress: number;
  /** Bytes that may wait unsent on a socket; past that it is dropped as a slow consumer (4003). */
  maxBufferedBytes: number;
  /** How often the hub pings each socket; one that has not answered by the next ping is closed. */
  heartbeatMs: number;
  /** Messages kept per topic for resuming, at most this many and this old. */
  bufferMessages: number;
  bufferMs: number;
}

/** Pure. */
export function toRealtimeSettings(env: Static<typeof realtimeSettingsSchema>): RealtimeSettings {
  return {
    maxTopics: env.REALTIME_MAX_TOPICS,
    maxFrameBytes: env.REALTIME_MAX_FRAME_BYTES,
    messagesPerSecond: env.REALTIME_MESSAGES_PER_SECOND,
    connectionsPerAddress: env.REALTIME_CONNECTIONS_PER_ADDRESS,
    maxBufferedBytes: env.REALTIME_MAX_BUFFERED_BYTES,
    heartbeatMs: env.REALTIME_HEARTBEAT_MS,
    bufferMessages: env.REALTIME_BUFFER_MESSAGES,
    bufferMs: env.REALTIME_BUFFER_SECONDS * 1000,
  };
}
