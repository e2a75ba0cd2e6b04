import { type RefObject, useEffect, useState } from 'react';
import type { SeekWindow } from './engine.js';
import { lastRange } from './live-edge.js';

export interface MediaState {
  paused: boolean;
  ended: boolean;
  /** Waiting for data (show a spinner). */
  waiting: boolean;
  currentTime: number;
  duration: number;
  /** End of the buffered range that holds the current time. */
  bufferedEnd: number;
  volume: number;
  muted: boolean;
  /** The range the element can seek in: a live stream's DVR window (its duration is Infinity); null before there is one. */
  seekable: SeekWindow | null;
}

const initial: MediaState = {
  paused: true,
  ended: false,
  waiting: false,
  currentTime: 0,
  duration: Number.NaN,
  bufferedEnd: 0,
  volume: 1,
  muted: false,
  seekable: null,
};

function bufferedEndAt(video: HTMLVideoElement): number {
  const { buffered, currentTime } = video;
  for (let i = 0; i < buffered.length; i++) {
    if (buffered.start(i) <= currentTime + 0.5 && currentTime <= buffered.end(i)) return buffered.end(i);
  }
  return currentTime;
}

const EVENTS = [
  'play',
  'pause',
  'playing',
  'waiting',
  'seeking',
  'seeked',
  'canplay',
  'ended',
  'timeupdate',
  'durationchange',
  'loadedmetadata',
  'progress',
  'volumechange',
] as const;

/** Mirrors the <video> element's state into React, from its own events. */
export function useMediaState(ref: RefObject<HTMLVideoElement | null>): MediaState {
  const [state, setState] = useState(initial);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    let waiting = false;
    const update = (event?: Event) => {
      if (event?.type === 'waiting' || event?.type === 'seeking') waiting = true;
      if (event?.type === 'playing' || event?.type === 'canplay' || event?.type === 'seeked') waiting = false;
      setState({
        paused: video.paused,
        ended: video.ended,
        waiting: waiting && !video.paused,
        currentTime: video.currentTime,
        duration: video.duration,
        bufferedEnd: bufferedEndAt(video),
        volume: video.volume,
        muted: video.muted,
        seekable: lastRange(video.seekable),
      });
    };
    for (const type of EVENTS) video.addEventListener(type, update);
    update();
    return () => {
      for (const type of EVENTS) video.removeEventListener(type, update);
    };
  }, [ref]);
  return state;
}
