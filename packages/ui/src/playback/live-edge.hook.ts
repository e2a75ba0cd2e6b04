import { type RefObject, useEffect, useState } from 'react';
import type { EngineState } from './engine.hook.js';
import type { LiveStats } from './engine.js';
import { type LiveEdgeStatus, liveEdgeStatus, liveLatency } from './live-edge.js';

export interface LiveEdge {
  stats: LiveStats | null;
  /** Seconds behind the live edge, to the tenth; null while unknown. */
  latency: number | null;
  status: LiveEdgeStatus;
}

/** How often the edge is read: it moves with every part (200 ms), and while paused nothing else says so. */
const READ_EVERY_MS = 500;

const initial: LiveEdge = { stats: null, latency: null, status: 'live' };

/** Where the viewer is against the live edge, read from the engine twice a second. */
export function useLiveEdge(engine: Pick<EngineState, 'liveStats'>, videoRef: RefObject<HTMLVideoElement | null>) {
  const [edge, setEdge] = useState(initial);
  const { liveStats } = engine;
  useEffect(() => {
    const read = () => {
      const video = videoRef.current;
      if (!video) return;
      const stats = liveStats();
      const measured = liveLatency({ stats, currentTime: video.currentTime, now: Date.now() });
      const latency = measured === null ? null : Math.round(measured * 10) / 10;
      const status = liveEdgeStatus({ latency, paused: video.paused, stats });
      setEdge((previous) =>
        previous.latency === latency && previous.status === status && sameStats(previous.stats, stats)
          ? previous
          : { stats, latency, status },
      );
    };
    read();
    const timer = setInterval(read, READ_EVERY_MS);
    return () => clearInterval(timer);
  }, [liveStats, videoRef]);
  return edge;
}

function sameStats(a: LiveStats | null, b: LiveStats | null): boolean {
  if (a === null || b === null) return a === b;
  return a.ended === b.ended && a.targetLatency === b.targetLatency && a.targetDuration === b.targetDuration;
}
