import Type, { type Static } from 'typebox';

/** The chat module's environment variables (documented in docs/operations.md). */
export const chatSettingsSchema = Type.Object({
  CHAT_HISTORY_MESSAGES: Type.Integer({ minimum: 0, maximum: 200, default: 50 }),
  CHAT_CONNECTIONS_PER_ADDRESS: Type.Integer({ minimum: 1, default: 20 }),
  CHAT_FRAMES_PER_SECOND: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  CHAT_MAX_FRAME_BYTES: Type.Integer({ minimum: 1024, maximum: 1024 * 1024, default: 16 * 1024 }),
  CHAT_MAX_BUFFERED_BYTES: Type.Integer({ minimum: 16 * 1024, default: 1024 * 1024 }),
  CHAT_HEARTBEAT_MS: Type.Integer({ minimum: 50, default: 30_000 }),
  CHAT_WRITE_DELAY_MS: Type.Integer({ minimum: 0, maximum: 1000, default: 50 }),
  CHAT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
});

export type ChatEnv = Static<typeof chatSettingsSchema>;

/** The chat module's settings, as its code uses them. */
export interface ChatSettings {
  /** Messages a socket is sent when it joins. */
  historyMessages: number;
  /** Open chat sockets per client address; more are closed at once (4002). */
  connectionsPerAddress: number;
  /**
   * Frames a socket may send per second. Past it, frames are dropped with a `rate_limited` error; a socket that keeps
   * on for 3 seconds more is closed (4001).
   */
  framesPerSecond: number;
  /** Largest frame a client may send; a larger one closes its socket (1009). */
  maxFrameBytes: number;
  /** Bytes that may wait unsent on a socket; past that it is dropped as a slow consumer (4003). */
  maxBufferedBytes: number;
  /** How often each socket is pinged; one that has not answered by the next ping is closed. */
  heartbeatMs: number;
  /** Days messages are kept in the database. */
  retentionDays: number;
  /** The shortest time between two writes to a socket: frames that come sooner share the next one (0: none). */
  writeDelayMs: number;
}

/** Pure. */
export function toChatSettings(env: ChatEnv): ChatSettings {
  return {
    historyMessages: env.CHAT_HISTORY_MESSAGES,
    connectionsPerAddress: env.CHAT_CONNECTIONS_PER_ADDRESS,
    framesPerSecond: env.CHAT_FRAMES_PER_SECOND,
    maxFrameBytes: env.CHAT_MAX_FRAME_BYTES,
    maxBufferedBytes: env.CHAT_MAX_BUFFERED_BYTES,
    heartbeatMs: env.CHAT_HEARTBEAT_MS,
    retentionDays: env.CHAT_RETENTION_DAYS,
    writeDelayMs: env.CHAT_WRITE_DELAY_MS,
  };
}
