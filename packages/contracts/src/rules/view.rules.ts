/** Seconds of playback after which a view counts (or the whole video, when shorter). */
export const VIEW_MIN_SECONDS = 10;
/**
 * How much of the end of a shorter video may go unreported and it still counts as played whole: players see time
 * move every quarter second, and a player may stop on the last frame without reaching the end (hls.js does when the
 * last audio segment holds a single AAC frame).
 */
export const VIEW_END_SLACK_SECONDS = 0.25;

/**
 * Seconds of playback a view needs: 10, or the whole of a shorter video less `VIEW_END_SLACK_SECONDS` (never less
 * than half of it); 10 while the duration is not known (0). The server counts views by it; the player shows one by it
 * at once. Pure.
 */
export const viewThreshold = (duration: number): number =>
  duration > 0
    ? Math.min(VIEW_MIN_SECONDS, Math.max(duration - VIEW_END_SLACK_SECONDS, duration / 2))
    : VIEW_MIN_SECONDS;
