import type { FramecastClient, Topic, TopicHandlers } from '@framecast/client';
import { useEffect, useRef } from 'react';

/**
 * Follows a real-time topic while the component is mounted (null: none). The latest handlers are called, so they
 * may close over fresh state without resubscribing; a new topic or client subscribes again.
 */
export function useTopic<T extends Topic>(
  realtime: FramecastClient['realtime'],
  topic: T | null,
  handlers: TopicHandlers<T>,
): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (topic === null) return;
    return realtime.subscribe(topic, {
      onMessage: (data, meta) => latest.current.onMessage(data, meta),
      onReload: () => latest.current.onReload?.(),
      onError: (error) => latest.current.onError?.(error),
    });
  }, [realtime, topic]);
}
