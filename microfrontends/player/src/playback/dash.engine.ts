import { AUTO, type EngineOptions, type PlaybackEngine } from '@framecast/ui/playback';

/** dash.js on Media Source Extensions, loaded on demand (only `?format=dash` or the menu toggle use it). */
export async function createDashEngine({ video, url, listener }: EngineOptions): Promise<PlaybackEngine> {
  const { MediaPlayer } = await import('dashjs');
  const player = MediaPlayer().create();
  const events = MediaPlayer.events;

  const publishLevels = () => {
    listener.levels(
      player
        .getRepresentationsByType('video')
        .map((r, index) => ({ index, height: r.height ?? 0, bitrate: r.bandwidth ?? 0 })),
    );
  };

  player.on(events.STREAM_INITIALIZED, () => {
    listener.loaded();
    publishLevels();
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
    // Live streams play over HLS (the live page offers no format switch).
    liveStats: () => null,
    destroy() {
      player.reset();
    },
  };
}
