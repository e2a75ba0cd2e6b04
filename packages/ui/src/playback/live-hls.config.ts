import type { HlsConfig, LoaderConfig, RetryConfig } from 'hls.js';

/** Seconds of played media kept buffered behind the position of a live stream (a long watch must not fill memory). */
const LIVE_BACK_BUFFER = 90;

/**
 * How long a live player keeps asking for the first playlist of a stream that is starting, milliseconds. Until the
 * ingest has read the publisher's first keyframes there is no packager yet (404); then the packager holds the
 * multivariant playlist until every rendition has a segment and answers 503 after 3 target durations; a 720p ladder
 * of four encodes on two cores can take longer than that to produce the first segment of each.
 */
export const FIRST_PLAYLIST_PATIENCE_MS = 20_000;

/** First delay between tries, doubled at each one up to the next: 0.5, 1, 2, 4, 4… s. */
const FIRST_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 4_000;
/** What a stream answers before its packager exists. */
const NOT_YET = 404;
/** A held request is answered within 3 target durations; one that has said nothing for this long is tried again. */
const MANIFEST_LOAD_TIMEOUT_MS = 10_000;

export interface FirstPlaylistPolicyOptions {
  /** A monotonic clock, milliseconds (`performance.now`). */
  now: () => number;
  /** When the first try started, on `now`'s clock. */
  startedAt: number;
  patienceMs?: number;
}

/**
 * hls.js's load policy for a live stream's multivariant playlist: tried again with a backoff (0.5 s doubling up to 4 s)
 * for as long as the stream may still be starting, `patienceMs` from the first try, then given up (a fatal
 * `manifestLoadError`). Retried: what hls.js retries by itself (a 5xx, a timeout, a network error) and a 404 (a stream
 * just gone on air has no packager yet; the page takes the player away once the stream is off the air); never another
 * 4xx. Pure: time comes from `now`.
 */
export function firstPlaylistPolicy({
  now,
  startedAt,
  patienceMs = FIRST_PLAYLIST_PATIENCE_MS,
}: FirstPlaylistPolicyOptions): LoaderConfig {
  const retry: RetryConfig = {
    // The deadline decides, not the count: a held request can take seconds to be refused.
    maxNumRetry: Number.MAX_SAFE_INTEGER,
    retryDelayMs: FIRST_RETRY_DELAY_MS,
    maxRetryDelayMs: MAX_RETRY_DELAY_MS,
    backoff: 'exponential',
    shouldRetry: (_config, _count, _isTimeout, response, retryable) =>
      (retryable || response?.code === NOT_YET) && now() - startedAt < patienceMs,
  };
  return {
    maxTimeToFirstByteMs: MANIFEST_LOAD_TIMEOUT_MS,
    maxLoadTimeMs: MANIFEST_LOAD_TIMEOUT_MS,
    timeoutRetry: retry,
    errorRetry: retry,
  };
}

/**
 * hls.js for live streams: low-latency HLS (parts, blocking playlist reloads) at the stream's `PART-HOLD-BACK`, its
 * own catch-up off (the engine's `keepNearLiveEdge` catches up closer to the edge than it would), the DVR window as the <video>'s seekable range (its duration is
 * Infinity while the stream is live), and patience with the first playlist of a stream that is starting.
 */
export function liveHlsConfig(first: FirstPlaylistPolicyOptions): Partial<HlsConfig> {
  return {
    lowLatencyMode: true,
    maxLiveSyncPlaybackRate: 1,
    liveDurationInfinity: true,
    backBufferLength: LIVE_BACK_BUFFER,
    manifestLoadPolicy: { default: firstPlaylistPolicy(first) },
  };
}
