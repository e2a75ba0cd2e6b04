import { FIRST_PLAYLIST_PATIENCE_MS, liveEdgeStatus, liveLatency, MIN_LIVE_SLACK } from '@framecast/ui/playback';
import { describe, expect, it } from 'vitest';
import { type DashReadings, dashLiveStats, liveDashSettings } from './dash.live.js';

const playing: DashReadings = {
  latency: 1.7,
  targetLatency: 1.6,
  currentTime: 120,
  segmentDuration: 1,
  playingUtc: 1_735_732_920.25,
  ended: false,
};

describe('liveDashSettings', () => {
  it('leaves the latency and the catch-up rates to the MPD, catches up only near it, and never jumps', () => {
    const { streaming } = liveDashSettings();
    // No delay of ours: dash.js then takes the MPD's ServiceDescription latency target.
    expect(streaming?.delay?.liveDelay).toBeNaN();
    expect(streaming?.delay?.liveDelayFragmentCount).toBeNaN();
    // Rates unset here, so the MPD's PlaybackRate applies; catching up is on.
    expect(streaming?.liveCatchup?.playbackRate?.min).toBeNaN();
    expect(streaming?.liveCatchup?.playbackRate?.max).toBeNaN();
    expect(streaming?.liveCatchup).toMatchObject({ enabled: true, maxDrift: -1, liveThreshold: MIN_LIVE_SLACK });
  });

  it('keeps asking for the first manifest about as long as the HLS player does', () => {
    const { streaming } = liveDashSettings();
    const patience = (streaming?.retryAttempts?.MPD ?? 0) * (streaming?.retryIntervals?.MPD ?? 0);
    expect(patience).toBeGreaterThanOrEqual(FIRST_PLAYLIST_PATIENCE_MS);
    expect(patience).toBeLessThan(FIRST_PLAYLIST_PATIENCE_MS + 2_000);
  });
});

describe('dashLiveStats', () => {
  it("puts the edge dash.js's latency ahead of the position, so the player shows the latency dash.js keeps", () => {
    const stats = dashLiveStats(playing);
    expect(stats).toEqual({
      edge: 121.7,
      syncPosition: 121.7 - 1.6,
      targetLatency: 1.6,
      targetDuration: 1,
      playingDate: 1_735_732_920_250,
      ended: false,
    });
    expect(liveLatency({ stats, currentTime: playing.currentTime, now: 0 })).toBeCloseTo(1.7, 9);
    expect(liveEdgeStatus({ latency: 1.7, paused: false, stats })).toBe('live');
    // Sought 5 s back: behind, "Back to live" offered.
    const back = dashLiveStats({ ...playing, currentTime: 115, latency: 6.7 });
    expect(
      liveEdgeStatus({ latency: liveLatency({ stats: back, currentTime: 115, now: 0 }), paused: false, stats: back }),
    ).toBe('behind');
  });

  it('knows nothing of the edge before playback, and says when the stream ended', () => {
    expect(
      dashLiveStats({ ...playing, latency: Number.NaN, currentTime: 0, playingUtc: Number.NaN, segmentDuration: null }),
    ).toEqual({
      edge: null,
      syncPosition: null,
      targetLatency: 1.6,
      targetDuration: null,
      playingDate: null,
      ended: false,
    });
    // Once the MPD is static dash.js has no live latency: the stream is over.
    expect(dashLiveStats({ ...playing, latency: Number.NaN, ended: true })).toMatchObject({ edge: null, ended: true });
  });
});
