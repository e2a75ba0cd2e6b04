/** How often a player says it is still watching: the server counts viewers over windows of this length. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

export interface HeartbeatInput {
  playing: boolean;
  /** When the last heartbeat went out (`Date.now()`), or null before the first. */
  lastSent: number | null;
  now: number;
  interval?: number;
}

/**
 * Milliseconds until the next heartbeat is due: 0 for now (playback just started, or resumed after a pause longer than
 * the interval), null while not playing (a paused or stopped player is not watching). Pure.
 */
export function heartbeatDelay({
  playing,
  lastSent,
  now,
  interval = HEARTBEAT_INTERVAL_MS,
}: HeartbeatInput): number | null {
  if (!playing) return null;
  if (lastSent === null) return 0;
  return Math.max(0, lastSent + interval - now);
}

export interface HeartbeatDeps {
  send(): void;
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  interval?: number;
}

/**
 * Sends heartbeats while playing: one when playback starts, then one every interval; none while paused, and on
 * resuming only once the interval since the last has passed (a pause and play does not count twice).
 */
export function createHeartbeat({ send, now, setTimer, clearTimer, interval = HEARTBEAT_INTERVAL_MS }: HeartbeatDeps) {
  let playing = false;
  let lastSent: number | null = null;
  let timer: unknown = null;
  let stopped = false;

  const schedule = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (stopped) return;
    const delay = heartbeatDelay({ playing, lastSent, now: now(), interval });
    if (delay === null) return;
    if (delay > 0) {
      timer = setTimer(schedule, delay);
      return;
    }
    lastSent = now();
    send();
    timer = setTimer(schedule, interval);
  };

  return {
    setPlaying(next: boolean) {
      if (next === playing) return;
      playing = next;
      schedule();
    },
    stop() {
      stopped = true;
      schedule();
    },
  };
}

/** A random id for this page's player (RFC 4122 version 4), also where `crypto.randomUUID` is missing (plain HTTP). */
export function randomViewerId(
  random: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto,
): string {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
