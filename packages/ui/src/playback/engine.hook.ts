import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import {
  AUTO,
  type CmcdIdentity,
  type EngineFactory,
  type EngineKind,
  type LiveStats,
  type PlaybackEngine,
  type PlaybackErrorKind,
  type QualityLevel,
  type StreamFormat,
} from './engine.js';
import { browserSupport, chooseEngine } from './engine-choice.js';
import { createHlsEngine } from './hls.engine.js';
import { matchLevel } from './levels.js';
import { createNativeEngine } from './native.engine.js';

export interface EngineState {
  kind: EngineKind | null;
  /** The first playlist or manifest is read (a live stream that is starting has none yet). */
  ready: boolean;
  levels: QualityLevel[];
  /** The level asked for (AUTO or an index). */
  selected: number;
  /** The level on screen, once known. */
  playing: number | null;
  error: { kind: PlaybackErrorKind; message: string } | null;
  setLevel(index: number): void;
  retry(): void;
  /** The live edge as the engine knows it now (read when asked, it changes all the time); null for a video. */
  liveStats(): LiveStats | null;
}

export interface UseEngineOptions {
  /**
   * Changes when the video's renditions change: a fresh engine on the same URLs reads the master playlist or manifest
   * again.
   */
  reloadKey?: string | number;
  /**
   * A live stream: low-latency mode, catch-up, the DVR window, patience with the first playlist. A restart plays from
   * the live edge again.
   */
  live?: boolean;
  /**
   * Engines besides hls.js and the browser's own HLS, e.g. `{ 'dash.js': createDashEngine }`: the player brings
   * dash.js itself, so a page that only plays HLS (the studio's preview) never bundles it. Read when an engine starts.
   */
  engines?: Partial<Record<EngineKind, EngineFactory>>;
  /** Sends CMCD with every request (hls.js and dash.js; the browser's own HLS cannot). A change restarts the engine. */
  cmcd?: CmcdIdentity;
}

const builtIn: Partial<Record<EngineKind, EngineFactory>> = {
  'hls.js': createHlsEngine,
  'native-hls': async (options) => createNativeEngine(options),
};

/**
 * Attaches the right engine for the format to the <video>, and tears it down when the source changes. A new
 * `reloadKey` (the video's renditions changed) starts a fresh engine on the same URLs, which reads the master
 * playlist or manifest again. Every restart keeps whether it was playing and the quality the viewer chose (found
 * again by height among the new levels; Auto stays Auto), and for a video the position too.
 */
export function useEngine(
  ref: RefObject<HTMLVideoElement | null>,
  sources: { hls: string; dash: string },
  format: StreamFormat,
  { reloadKey = '', live = false, engines, cmcd }: UseEngineOptions = {},
): EngineState {
  const [kind, setKind] = useState<EngineKind | null>(null);
  const [ready, setReady] = useState(false);
  const [levels, setLevels] = useState<QualityLevel[]>([]);
  const [selected, setSelected] = useState(AUTO);
  const [playing, setPlaying] = useState<number | null>(null);
  const [error, setError] = useState<EngineState['error']>(null);
  const engine = useRef<PlaybackEngine | null>(null);
  // A retry starts a fresh engine at the same position: it recovers from any failure, manifest included.
  const [attempt, setAttempt] = useState(0);
  const position = useRef({ at: 0, playing: false });
  // The level the viewer picked, by what it is (indexes change when renditions are added); null for Auto.
  const chosen = useRef<QualityLevel | null>(null);
  const current = useRef<QualityLevel[]>([]);
  const extra = useRef(engines);
  const sessionId = cmcd?.sessionId;
  const contentId = cmcd?.contentId;
  useEffect(() => {
    extra.current = engines;
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt and reloadKey restart the engine on purpose.
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    const engineKind = chooseEngine(format, browserSupport(video));
    const factory = engineKind ? (extra.current?.[engineKind] ?? builtIn[engineKind]) : undefined;
    setKind(engineKind);
    setReady(false);
    setLevels([]);
    setSelected(AUTO);
    setPlaying(null);
    setError(null);
    current.current = [];
    if (!engineKind || !factory) {
      setError({ kind: 'unsupported', message: 'This browser cannot play adaptive video.' });
      return;
    }
    let cancelled = false;
    // Keep the position and the play state across a reload, a format switch, a retry or fresh signed URLs.
    const resume = position.current;
    // Absolute: dash.js resolves segment and reporting URLs against it.
    const url = new URL(engineKind === 'dash.js' ? sources.dash : sources.hls, window.location.href).href;
    const applyChoice = () => {
      const want = chosen.current;
      const index = want ? matchLevel(current.current, want) : null;
      if (index === null) return;
      setSelected(index);
      engine.current?.setLevel(index);
    };
    factory({
      video,
      url,
      live,
      ...(sessionId !== undefined && contentId !== undefined ? { cmcd: { sessionId, contentId } } : {}),
      listener: {
        loaded: () => !cancelled && setReady(true),
        levels: (list) => {
          if (cancelled) return;
          current.current = list;
          setLevels(list);
          applyChoice();
        },
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
        applyChoice();
        // A live stream starts again at its edge: media times do not carry over from one engine to the next.
        if (resume.at > 0 && !live) video.currentTime = resume.at;
        if (resume.playing) void video.play().catch(() => {});
      },
      () => !cancelled && setError({ kind: 'network', message: 'The player could not be loaded.' }),
    );
    return () => {
      cancelled = true;
      // Read before destroying: detaching the media resets the element's time.
      position.current = { at: video.currentTime, playing: !video.paused && !video.ended };
      engine.current?.destroy();
      engine.current = null;
    };
  }, [ref, sources.hls, sources.dash, format, attempt, reloadKey, live, sessionId, contentId]);

  const setLevel = useCallback((index: number) => {
    chosen.current = index === AUTO ? null : (current.current.find((l) => l.index === index) ?? null);
    setSelected(index);
    engine.current?.setLevel(index);
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const liveStats = useCallback(() => engine.current?.liveStats() ?? null, []);

  return { kind, ready, levels, selected, playing, error, setLevel, retry, liveStats };
}
