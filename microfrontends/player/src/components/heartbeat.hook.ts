import { type FramecastClient, isApiError } from '@framecast/client';
import { useEffect, useRef, useState } from 'react';
import { createHeartbeat, randomViewerId } from '../playback/heartbeat.js';

/**
 * Says this page is watching a live session: at once when playback starts, then every 30 s while it plays, with a
 * random viewer id kept while the page is open. A heartbeat refused with 404 means the stream is over: `onGone`.
 */
export function useHeartbeat(
  client: FramecastClient,
  sessionId: string | null,
  playing: boolean,
  onGone: (sessionId: string) => void,
): void {
  const [viewerId] = useState(randomViewerId);
  const heartbeat = useRef<ReturnType<typeof createHeartbeat> | null>(null);
  const gone = useRef(onGone);
  useEffect(() => {
    gone.current = onGone;
  });

  useEffect(() => {
    if (!sessionId) return;
    const beats = createHeartbeat({
      send: () =>
        client.live.heartbeat(sessionId, viewerId).catch((error: unknown) => {
          // Anything else (offline for a moment, a busy server) costs one count, not the stream.
          if (isApiError(error) && error.status === 404) gone.current(sessionId);
        }),
      now: Date.now,
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    });
    heartbeat.current = beats;
    return () => {
      beats.stop();
      heartbeat.current = null;
    };
  }, [client, sessionId, viewerId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new session starts a new heartbeat, told of playback again.
  useEffect(() => {
    heartbeat.current?.setPlaying(playing);
  }, [playing, sessionId]);
}
