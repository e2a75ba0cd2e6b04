import type { EngineOptions, PlaybackEngine } from './engine.js';
import { lastRange } from './live-edge.js';

/** The browser's own HLS (Safari, iOS): it adapts by itself and offers no levels to choose from. */
export function createNativeEngine({ video, url, listener, live = false }: EngineOptions): PlaybackEngine {
  const onError = () => {
    const code = video.error?.code;
    listener.fatal(
      code === MediaError.MEDIA_ERR_NETWORK ? 'network' : 'media',
      video.error?.message || 'Playback failed',
    );
  };
  const onLoaded = () => listener.loaded();
  video.addEventListener('error', onError);
  video.addEventListener('loadedmetadata', onLoaded, { once: true });
  video.src = url;
  listener.levels([]);
  return {
    setLevel() {},
    liveStats() {
      // Safari keeps its own distance from the edge; it says where the window ends and what time the start is.
      if (!live) return null;
      const window = lastRange(video.seekable);
      const start = (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.().getTime();
      return {
        edge: window?.end ?? null,
        syncPosition: null,
        targetLatency: null,
        targetDuration: null,
        playingDate: start !== undefined && Number.isFinite(start) ? start + video.currentTime * 1000 : null,
        ended: Number.isFinite(video.duration),
      };
    },
    destroy() {
      video.removeEventListener('error', onError);
      video.removeEventListener('loadedmetadata', onLoaded);
      video.removeAttribute('src');
      video.load();
    },
  };
}
