import type Hls from 'hls.js';
import { hlsCmcdConfig } from './cmcd.config.js';
import { AUTO, type EngineOptions, type LiveStats, type PlaybackEngine } from './engine.js';
import { keepNearLiveEdge, LIVE_CATCH_UP_RATE } from './live-catch-up.js';
import { liveHlsConfig } from './live-hls.config.js';

/**
 * hls.js on Media Source Extensions. Loaded on demand so pages without a player do not pay for it.
 * The worker is off: the gateway's Content-Security-Policy does not allow blob: workers, and CMAF
 * segments need no transmuxing (the worker's main job).
 */
export async function createHlsEngine({
  video,
  url,
  listener,
  live = false,
  cmcd,
}: EngineOptions): Promise<PlaybackEngine> {
  const { default: HlsClass } = await import('hls.js');
  const hls: Hls = new HlsClass({
    enableWorker: false,
    capLevelToPlayerSize: false,
    ...(cmcd ? { cmcd: hlsCmcdConfig(cmcd) } : {}),
    ...(live ? liveHlsConfig({ now: () => performance.now(), startedAt: performance.now() }) : {}),
  });
  const { Events, ErrorTypes } = HlsClass;
  let mediaRecoveries = 0;

  hls.on(Events.MANIFEST_PARSED, (_event, data) => {
    listener.loaded();
    listener.levels(data.levels.map((level, index) => ({ index, height: level.height, bitrate: level.bitrate })));
  });
  hls.on(Events.LEVEL_SWITCHED, (_event, data) => listener.levelSwitched(data.level));
  hls.on(Events.FRAG_LOADED, () => {
    mediaRecoveries = 0;
  });
  hls.on(Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    // One media error is often recoverable in place (a decoder hiccup); a second in a row is not.
    if (data.type === ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 1) {
      hls.recoverMediaError();
      return;
    }
    const kind = data.type === ErrorTypes.NETWORK_ERROR ? 'network' : 'media';
    listener.fatal(kind, data.details);
  });

  hls.loadSource(url);
  hls.attachMedia(video);
  const stopCatchingUp = live ? keepNearLiveEdge(video, hls, LIVE_CATCH_UP_RATE) : () => {};

  return {
    setLevel(index) {
      // currentLevel switches at once (flushing the buffer ahead); -1 hands control back to ABR.
      hls.currentLevel = index === AUTO ? -1 : index;
    },
    liveStats(): LiveStats | null {
      const details = hls.latestLevelDetails;
      if (!live || !details) return null;
      return {
        // What hls.js's own `latency` measures from, kept current while paused (hls.js updates it on timeupdate).
        edge: details.edge + details.age,
        syncPosition: hls.liveSyncPosition,
        targetLatency: hls.targetLatency,
        targetDuration: details.targetduration,
        playingDate: hls.playingDate?.getTime() ?? null,
        ended: !details.live,
      };
    },
    destroy() {
      stopCatchingUp();
      hls.destroy();
    },
  };
}
