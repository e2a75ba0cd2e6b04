import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { createDashEngine } from '../playback/dash.engine.js';
import type { PlaybackEngine, PlaybackErrorKind } from '../playback/engine.js';
import { createHlsEngine } from '../playback/hls.engine.js';
import { createNativeEngine } from '../playback/native.engine.js';
import { chooseEngine, type EngineKind, type StreamFormat } from '../playback/playback-source.js';
import { AUTO, type QualityLevel } from '../playback/quality.js';

export interface EngineState {
  kind: EngineKind | null;
  levels: QualityLevel[];
  /** The level asked for (AUTO or an index). */
  selected: number;
  /** The level on screen, once known. */
  playing: number | null;
  error: { kind: PlaybackErrorKind; message: string } | null;
  setLevel(index: number): void;
  retry(): void;
}

function browserSupport(video: HTMLVideoElement) {
  return {
    mse: typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window),
    nativeHls: video.canPlayType('application/vnd.apple.mpegurl') !== '',
  };
}

const factories: { [kind in EngineKind]: typeof createHlsEngine } = {
  'hls.js': createHlsEngine,
  'dash.js': createDashEngine,
  'native-hls': async (options) => createNativeEngine(options),
};

/** Attaches the right engine for the format to the <video>, and tears it down when the source changes. */
export function useEngine(
  ref: RefObject<HTMLVideoElement | null>,
  sources: { hls: string; dash: string },
  format: StreamFormat,
): EngineState {
  const [kind, setKind] = useState<EngineKind | null>(null);
  const [levels, setLevels] = useState<QualityLevel[]>([]);
  const [selected, setSelected] = useState(AUTO);
  const [playing, setPlaying] = useState<number | null>(null);
  const [error, setError] = useState<EngineState['error']>(null);
  const engine = useRef<PlaybackEngine | null>(null);
  // A retry starts a fresh engine at the same position: it recovers from any failure, manifest included.
  const [attempt, setAttempt] = useState(0);
  const position = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt restarts the engine on purpose.
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    const chosen = chooseEngine(format, browserSupport(video));
    setKind(chosen);
    setLevels([]);
    setSelected(AUTO);
    setPlaying(null);
    setError(null);
    if (!chosen) {
      setError({ kind: 'unsupported', message: 'This browser cannot play adaptive video.' });
      return;
    }
    let cancelled = false;
    // Keep the position across a format switch, a retry or fresh signed URLs.
    const resumeAt = position.current;
    // Absolute: dash.js resolves segment and reporting URLs against it.
    const url = new URL(chosen === 'dash.js' ? sources.dash : sources.hls, window.location.href).href;
    factories[chosen]({
      video,
      url,
      listener: {
        levels: (list) => !cancelled && setLevels(list),
        levelSwitched: (index) => !cancelled && setPlaying(index),
        fatal: (errorKind, message) => !cancelled && setError({ kind: errorKind, message }),
      },
    }).then(
      (created) => {
        if (cancelled) {
          created.destroy();
          return;
        }
        engine.current = created;
        if (resumeAt > 0) video.currentTime = resumeAt;
      },
      () => !cancelled && setError({ kind: 'network', message: 'The player could not be loaded.' }),
    );
    return () => {
      cancelled = true;
      // Read before destroying: detaching the media resets the element's time.
      position.current = video.currentTime;
      engine.current?.destroy();
      engine.current = null;
    };
  }, [ref, sources.hls, sources.dash, format, attempt]);

  const setLevel = useCallback((index: number) => {
    setSelected(index);
    engine.current?.setLevel(index);
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { kind, levels, selected, playing, error, setLevel, retry };
}
