import {
  AUTO,
  dashCmcdSettings,
  type EngineOptions,
  type LiveStats,
  type PlaybackEngine,
} from '@framecast/ui/playback';
import { dashLiveStats, liveDashSettings } from './dash.live.js';

/**
 * dash.js on Media Source Extensions, loaded on demand (only `?format=dash` or the menu toggle use it). A live stream
 * plays in dash.js's low-latency mode, which the MPD turns on: the segment being written is fetched as it is written
 * and played from its first parts, at the MPD's target latency, caught up to by playing a little faster. With `cmcd`,
 * manifest and segment requests carry CMCD as a query argument.
 */
export async function createDashEngine({
  video,
  url,
  listener,
  live = false,
  cmcd,
}: EngineOptions): Promise<PlaybackEngine> {
  const { MediaPlayer } = await import('dashjs');
  const player = MediaPlayer().create();
  const events = MediaPlayer.events;
  let initialized = false;
  // The MPD turned static: the stream ended.
  let ended = false;
  if (live) player.updateSettings(liveDashSettings());
  if (cmcd) player.updateSettings(dashCmcdSettings(cmcd));

  const publishLevels = () => {
    listener.levels(
      player
        .getRepresentationsByType('video')
        .map((r, index) => ({ index, height: r.height ?? 0, bitrate: r.bandwidth ?? 0 })),
    );
  };

  player.on(events.STREAM_INITIALIZED, () => {
    initialized = true;
    listener.loaded();
    publishLevels();
    // dash.js hears the <video>'s play only once it has read the manifest. Played before that (the viewer pressed
    // Play, or autoplay, while the stream was starting), it would take the stream for paused, and never load a live
    // MPD again: so it is played again through dash.js, before anything is on screen.
    if (!video.paused) {
      video.pause();
      player.play();
    }
  });
  player.on(events.DYNAMIC_TO_STATIC, () => {
    ended = true;
  });
  player.on(events.QUALITY_CHANGE_RENDERED, (event) => {
    if (event.mediaType === 'video') listener.levelSwitched(event.newRepresentation?.absoluteIndex ?? 0);
  });
  player.on(events.ERROR, (event) => {
    const error = (event as { error?: { code?: number; message?: string } }).error;
    // dash.js codes below 100 are download failures (manifest, segments).
    const network = typeof error?.code === 'number' && error.code < 100;
    listener.fatal(network ? 'network' : 'media', error?.message ?? 'DASH playback failed');
  });

  player.initialize(video, url, false);

  return {
    setLevel(index) {
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: index === AUTO } } } });
      if (index !== AUTO) player.setRepresentationForTypeByIndex('video', index, true);
    },
    liveStats(): LiveStats | null {
      if (!live || !initialized) return null;
      try {
        const representation =
          player.getCurrentRepresentationForType('video') ?? player.getCurrentRepresentationForType('audio');
        return dashLiveStats({
          latency: player.getCurrentLiveLatency(),
          targetLatency: player.getTargetLiveDelay(),
          currentTime: video.currentTime,
          segmentDuration: representation?.segmentDuration ?? null,
          playingUtc: player.timeAsUTC(),
          ended,
        });
      } catch {
        // Asked between a reset and the next stream: nothing is known.
        return null;
      }
    },
    destroy() {
      player.reset();
    },
  };
}
