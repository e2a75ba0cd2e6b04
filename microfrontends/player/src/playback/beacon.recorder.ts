import type { BeaconBatch, BeaconEvent } from '@framecast/client';

/** Largest gap between two time updates still counted as playing (updates come every ~250 ms). */
const MAX_STEP_SECONDS = 1.5;
/** A heartbeat closes after this much playback, well under the server's 60 s. */
const HEARTBEAT_SECONDS = 10;
/** What one batch may carry (the server's limit). */
const MAX_EVENTS = 100;
/** Events kept while nothing is sent (the network is down): past it the oldest go. */
const MAX_PENDING = 1000;

export type BeaconTarget = { videoId: string } | { streamId: string };

/**
 * What a player reports, as batches for `POST /api/analytics/events`: heartbeats of the stretches actually played
 * (a seek or a jump closes one; nothing counts while paused or scrubbing), the start with its startup time, stalls
 * after the start, pauses, seeks, renditions, errors and the end. Each `take` is the next batch (`seq` counting up),
 * or null when there is nothing to say. Pure but for its own state; times come from the caller.
 */
export function createBeaconRecorder(target: BeaconTarget, session: string) {
  let seq = 0;
  let pending: BeaconEvent[] = [];
  let span: { from: number; to: number } | null = null;
  let last: number | null = null;
  let playRequestedAt: number | null = null;
  let started = false;
  let stalledAt: { at: number; position: number } | null = null;
  let quality: number | null = null;

  const push = (event: BeaconEvent) => {
    pending.push(event);
    if (pending.length > MAX_PENDING) pending = pending.slice(pending.length - MAX_PENDING);
  };
  const closeSpan = () => {
    if (span && span.to > span.from) push({ type: 'heartbeat', from: round(span.from), to: round(span.to) });
    span = null;
  };

  return {
    /**
     * The element's time moved; `playing` while it plays (not paused, not seeking; at the end, the update that reaches
     * it, which the browser sends once it has paused).
     */
    timeupdate(position: number, playing: boolean) {
      const previous = last;
      last = position;
      if (!playing || previous === null) return;
      const step = position - previous;
      if (step <= 0 || step > MAX_STEP_SECONDS) {
        closeSpan();
        return;
      }
      span = span ? { from: span.from, to: position } : { from: previous, to: position };
      if (span.to - span.from >= HEARTBEAT_SECONDS) closeSpan();
    },
    /** The viewer asked to play (or autoplay did): the startup time runs from here. */
    play(now: number) {
      if (!started && playRequestedAt === null) playRequestedAt = now;
    },
    /**
     * Frames are moving: the first time, the view starts; after a stall, the stall ends. Playback runs from here, so
     * the first time update's step counts too.
     */
    playing(position: number, now: number) {
      last = position;
      if (!started) {
        started = true;
        push({ type: 'start', position: round(position) });
        if (playRequestedAt !== null) push({ type: 'startup', ms: clamp(now - playRequestedAt, 120_000) });
      } else if (stalledAt) {
        push({ type: 'buffering', position: round(stalledAt.position), ms: clamp(now - stalledAt.at, 600_000) });
      }
      stalledAt = null;
    },
    /** Playback stopped for want of data. */
    waiting(position: number, now: number) {
      closeSpan();
      if (started && !stalledAt) stalledAt = { at: now, position };
    },
    pause(position: number) {
      closeSpan();
      stalledAt = null;
      if (started) push({ type: 'pause', position: round(position) });
    },
    seeked(from: number, to: number) {
      closeSpan();
      stalledAt = null;
      last = to;
      if (started) push({ type: 'seek', from: round(from), to: round(to) });
    },
    /** The rendition on screen, in bits per second. */
    quality(bitrate: number, height?: number) {
      if (bitrate <= 0 || bitrate === quality) return;
      quality = bitrate;
      push({ type: 'quality', bitrate: Math.round(bitrate), ...(height ? { height: Math.round(height) } : {}) });
    },
    error(code: string, fatal: boolean) {
      closeSpan();
      push({ type: 'error', code: code.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64) || 'error', fatal });
    },
    ended(position: number) {
      closeSpan();
      if (started) push({ type: 'end', position: round(position) });
    },
    /** The next batch: what happened since the last one, the stretch playing now included. */
    take(): BeaconBatch | null {
      if (span && span.to > span.from) {
        const { to } = span;
        closeSpan();
        span = { from: to, to };
      }
      if (pending.length === 0) return null;
      const events = pending.slice(0, MAX_EVENTS);
      pending = pending.slice(events.length);
      return { session, seq: seq++, ...target, events };
    },
  };
}

export type BeaconRecorder = ReturnType<typeof createBeaconRecorder>;

const round = (seconds: number) => Math.max(0, Math.round(seconds * 1000) / 1000);
const clamp = (ms: number, max: number) => Math.max(0, Math.min(max, Math.round(ms)));
