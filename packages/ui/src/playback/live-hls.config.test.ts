// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "fetch": { "disableSameOriginPolicy": true } } }
import { recordingServer } from '@framecast/client/testing';
import Hls, { type ErrorData, type RetryConfig } from 'hls.js';
import { describe, expect, it } from 'vitest';
import { FIRST_PLAYLIST_PATIENCE_MS, firstPlaylistPolicy, liveHlsConfig } from './live-hls.config.js';

/** A clock the test moves. */
function clock(start = 1_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('firstPlaylistPolicy', () => {
  it('retries what hls.js finds retryable until the patience runs out, counted from the first try', () => {
    const c = clock();
    const policy = firstPlaylistPolicy({ now: c.now, startedAt: c.now(), patienceMs: 20_000 });
    const retry = policy.errorRetry as RetryConfig;
    const ask = (count: number, retryable = true) =>
      retry.shouldRetry?.(retry, count, false, { url: '/ll.m3u8', data: undefined, code: 503 }, retryable);
    expect(ask(0)).toBe(true);
    c.advance(19_900);
    expect(ask(6)).toBe(true);
    c.advance(200);
    expect(ask(7)).toBe(false);
    // A 404 is a stream whose packager does not exist yet: retried too; another 4xx never is, however early.
    const fresh = firstPlaylistPolicy({ now: c.now, startedAt: c.now() }).errorRetry as RetryConfig;
    const refused = (code: number) => ({ url: '/ll.m3u8', data: undefined, code });
    expect(fresh.shouldRetry?.(fresh, 0, false, refused(404), false)).toBe(true);
    expect(fresh.shouldRetry?.(fresh, 0, false, refused(403), false)).toBe(false);
    expect(fresh.shouldRetry?.(fresh, 0, false, refused(400), false)).toBe(false);
  });

  it('backs off from half a second to four, and treats a silent server as a timeout to retry the same way', () => {
    const c = clock();
    const policy = firstPlaylistPolicy({ now: c.now, startedAt: c.now() });
    // hls.js waits min(2^count × retryDelayMs, maxRetryDelayMs) before try count + 1.
    const delays = [0, 1, 2, 3, 4, 5].map((count) =>
      Math.min(2 ** count * (policy.errorRetry?.retryDelayMs ?? 0), policy.errorRetry?.maxRetryDelayMs ?? 0),
    );
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(policy.errorRetry?.backoff).toBe('exponential');
    expect(policy.timeoutRetry).toBe(policy.errorRetry);
    // Held requests are answered within 3 target durations; a load that says nothing for far longer is a timeout.
    expect(policy.maxLoadTimeMs).toBeGreaterThan(3_000);
    expect(policy.maxLoadTimeMs).toBeLessThan(FIRST_PLAYLIST_PATIENCE_MS);
  });
});

describe('liveHlsConfig', () => {
  it('plays low latency with its own catch-up off, and waits for the first playlist about 20 s', () => {
    const c = clock();
    const config = liveHlsConfig({ now: c.now, startedAt: c.now() });
    expect(config).toMatchObject({ lowLatencyMode: true, maxLiveSyncPlaybackRate: 1 });
    const retry = config.manifestLoadPolicy?.default.errorRetry as RetryConfig;
    const response = { url: '/ll.m3u8', data: undefined, code: 503 };
    expect(retry.shouldRetry?.(retry, 3, false, response, true)).toBe(true);
    c.advance(FIRST_PLAYLIST_PATIENCE_MS);
    expect(retry.shouldRetry?.(retry, 4, false, response, true)).toBe(false);
  });
});

/* hls.js itself, loading a multivariant playlist from a real HTTP server on 127.0.0.1 that holds it back with 503s. */
const packager = recordingServer();
// hls.js 1.7's XHR loader names the global `status` when it logs a retry: browsers have it (the legacy
// `window.status`, an empty string), happy-dom does not.
Object.assign(globalThis, { status: '' });
const multivariant = [
  '#EXTM3U',
  '#EXT-X-VERSION:6',
  '#EXT-X-STREAM-INF:BANDWIDTH=1200000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2"',
  '480p/ll.m3u8',
  '',
].join('\n');

/** Answers 503 `refusals` times (as the packager does while a rendition has no segment yet), then the playlist. */
function holdBack(refusals: number, status = 503) {
  packager.answer = (req, res) => {
    const tries = packager.requests.filter((r) => r.url === req.url).length;
    res.setHeader('access-control-allow-origin', '*');
    if (req.url !== '/ll.m3u8' || tries <= refusals) res.writeHead(status).end();
    else res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(multivariant);
  };
}

/**
 * Loads the multivariant playlist with hls.js and the live config: how many variants it read (`MANIFEST_LOADED`: the
 * codecs are checked after, against an MSE happy-dom does not have), or the fatal error.
 */
function loadFirstPlaylist(patienceMs: number) {
  const hls = new Hls({
    ...liveHlsConfig({ now: () => performance.now(), startedAt: performance.now(), patienceMs }),
    enableWorker: false,
  });
  const started = performance.now();
  return new Promise<{ parsed: number } | { fatal: ErrorData['details']; afterMs: number }>((resolve) => {
    hls.on(Hls.Events.MANIFEST_LOADED, (_e, data) => resolve({ parsed: data.levels.length }));
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) resolve({ fatal: data.details, afterMs: performance.now() - started });
    });
    hls.loadSource(`${packager.url}/ll.m3u8`);
  }).finally(() => hls.destroy());
}

describe('hls.js with the live config', () => {
  it('keeps asking through a run of 503s, and parses the playlist once it comes', async () => {
    holdBack(3);
    expect(await loadFirstPlaylist(10_000)).toEqual({ parsed: 1 });
    // hls.js's own policy gives up after a second try; ours took four.
    expect(packager.requests.filter((r) => r.url === '/ll.m3u8')).toHaveLength(4);
  });

  it('keeps asking while the stream has no packager yet (404)', async () => {
    holdBack(2, 404);
    expect(await loadFirstPlaylist(10_000)).toEqual({ parsed: 1 });
    expect(packager.requests).toHaveLength(3);
  });

  it('gives up once the patience runs out', async () => {
    holdBack(Number.POSITIVE_INFINITY);
    const outcome = await loadFirstPlaylist(2_000);
    expect(outcome).toMatchObject({ fatal: Hls.ErrorDetails.MANIFEST_LOAD_ERROR });
    expect((outcome as { afterMs: number }).afterMs).toBeGreaterThanOrEqual(2_000);
    expect(packager.requests.length).toBeGreaterThan(2);
  });

  it('does not retry a refusal: a 403 fails at once', async () => {
    holdBack(Number.POSITIVE_INFINITY, 403);
    expect(await loadFirstPlaylist(10_000)).toMatchObject({ fatal: Hls.ErrorDetails.MANIFEST_LOAD_ERROR });
    expect(packager.requests).toHaveLength(1);
  });
});
