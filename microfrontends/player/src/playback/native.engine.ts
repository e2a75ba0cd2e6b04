import type { EngineOptions, PlaybackEngine } from './engine.js';

/** The browser's own HLS (Safari, iOS): it adapts by itself and offers no levels to choose from. */
export function createNativeEngine({ video, url, listener }: EngineOptions): PlaybackEngine {
  const onError = () => {
    const code = video.error?.code;
    listener.fatal(
      code === MediaError.MEDIA_ERR_NETWORK ? 'network' : 'media',
      video.error?.message || 'Playback failed',
    );
  };
  video.addEventListener('error', onError);
  video.src = url;
  listener.levels([]);
  return {
    setLevel() {},
    destroy() {
      video.removeEventListener('error', onError);
      video.removeAttribute('src');
      video.load();
    },
  };
}
