import type { BeaconBatch } from '@framecast/client';
import type { CmcdIdentity } from '@framecast/ui/playback';
import { type RefObject, useEffect, useMemo, useRef } from 'react';
import { type BeaconRecorder, type BeaconTarget, createBeaconRecorder } from '../playback/beacon.recorder.js';

/** How often a playing player sends what it recorded. */
export const BEACON_INTERVAL_MS = 10_000;

export interface BeaconOptions {
  target: BeaconTarget;
  /** Sends one batch; `keepalive` for the last, as the page goes away. Failures are not worth anyone's attention. */
  send(batch: BeaconBatch, opts: { keepalive?: boolean }): Promise<unknown>;
}

/** A random version-4 UUID (`crypto.randomUUID` exists only on secure origins). */
export function newSession(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The playback session of what is played: a new id whenever the target changes, shared by the beacons and the
 * engine's CMCD (`sid`), with the target's id as CMCD's content id; null without a target.
 */
export function usePlaybackSession(target: BeaconTarget | undefined): CmcdIdentity | null {
  const contentId = target ? ('videoId' in target ? target.videoId : target.streamId) : null;
  const targetKey = target ? JSON.stringify(target) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new target is a new session, on purpose.
  return useMemo(() => (contentId === null ? null : { sessionId: newSession(), contentId }), [contentId, targetKey]);
}

/**
 * Reports playback to the analytics module: the <video>'s events go into a recorder, and a batch goes out every
 * 10 s, when the page is hidden or left, and when the player goes away. Each `session` (from `usePlaybackSession`)
 * is a playback session of its own. `quality` is the rendition on screen (bits per second), `error` a fatal
 * playback error's kind.
 */
export function useBeacons(
  videoRef: RefObject<HTMLVideoElement | null>,
  options: BeaconOptions | undefined,
  session: string | null,
  state: { bitrate: number | null; height: number | null; error: string | null },
) {
  const recorder = useRef<BeaconRecorder | null>(null);
  const send = useRef(options?.send);
  send.current = options?.send;
  const targetKey = options ? JSON.stringify(options.target) : null;

  useEffect(() => {
    const video = videoRef.current;
    if (!video || targetKey === null || session === null) return;
    const rec = createBeaconRecorder(JSON.parse(targetKey) as BeaconTarget, session);
    recorder.current = rec;
    let seekFrom = video.currentTime;
    const flush = (keepalive = false) => {
      const batch = rec.take();
      if (batch) void send.current?.(batch, { keepalive }).catch(() => {});
    };
    const listeners: [string, () => void][] = [
      ['play', () => rec.play(performance.now())],
      ['playing', () => rec.playing(video.currentTime, performance.now())],
      ['waiting', () => rec.waiting(video.currentTime, performance.now())],
      ['pause', () => rec.pause(video.currentTime)],
      ['seeking', () => rec.seeked(seekFrom, video.currentTime)],
      [
        'timeupdate',
        () => {
          // Reaching the end pauses the element before its last time update: that last stretch was played.
          rec.timeupdate(video.currentTime, (!video.paused || video.ended) && !video.seeking);
          if (!video.seeking) seekFrom = video.currentTime;
        },
      ],
      [
        'ended',
        () => {
          rec.ended(video.currentTime);
          flush();
        },
      ],
    ];
    for (const [type, listener] of listeners) video.addEventListener(type, listener);
    const timer = setInterval(() => flush(), BEACON_INTERVAL_MS);
    const hidden = () => {
      if (document.visibilityState === 'hidden') flush(true);
    };
    const leaving = () => flush(true);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', leaving);
    return () => {
      for (const [type, listener] of listeners) video.removeEventListener(type, listener);
      clearInterval(timer);
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', leaving);
      flush(true);
      recorder.current = null;
    };
  }, [videoRef, targetKey, session]);

  useEffect(() => {
    if (state.bitrate !== null) recorder.current?.quality(state.bitrate, state.height ?? undefined);
  }, [state.bitrate, state.height]);

  useEffect(() => {
    if (state.error !== null) recorder.current?.error(state.error, true);
  }, [state.error]);
}
