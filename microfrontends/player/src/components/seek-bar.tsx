import { formatDuration } from '@framecast/ui';
import type { SeekWindow } from '@framecast/ui/playback';
import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { cueAt, type StoryboardCue } from '../playback/storyboard.vtt.js';

export interface SeekBarProps {
  currentTime: number;
  /** The timeline: a video from 0 to its duration, a live stream its DVR window; null while unknown. */
  window: SeekWindow | null;
  bufferedEnd: number;
  cues?: readonly StoryboardCue[];
  onSeek: (seconds: number) => void;
  /** How a time reads (hover label, screen readers): by default the position in the video. */
  timeLabel?: (seconds: number) => string;
  /** What the slider's value says to screen readers; by default "<position> of <duration>". */
  valueText?: string;
}

const PREVIEW_WIDTH = 160;

/**
 * The timeline: played and buffered ranges, a handle, and on hover a preview tile from the storyboard
 * sprite with the time under the pointer. A slider for assistive technology (arrow keys seek by 5 s).
 */
export function SeekBar({
  currentTime,
  window,
  bufferedEnd,
  cues = [],
  onSeek,
  timeLabel = formatDuration,
  valueText,
}: SeekBarProps) {
  const track = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ fraction: number; x: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const start = window?.start ?? 0;
  const length = window ? window.end - window.start : 0;
  const known = length > 0 && Number.isFinite(length);
  const fractionOf = (seconds: number) => (known ? Math.min(1, Math.max(0, (seconds - start) / length)) : 0);
  const timeAt = (fraction: number) => start + fraction * length;

  const pointerFraction = (event: PointerEvent) => {
    const box = track.current!.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    return { fraction, x: fraction * box.width, width: box.width };
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const { fraction, x, width } = pointerFraction(event);
    setHover({ fraction, x: Math.min(width - PREVIEW_WIDTH / 2, Math.max(PREVIEW_WIDTH / 2, x)) });
    if (dragging && known) onSeek(timeAt(fraction));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The player's shortcuts handle arrows; Page keys jump further, as sliders do.
    if (event.key === 'PageUp' || event.key === 'PageDown') {
      event.preventDefault();
      onSeek(currentTime + (event.key === 'PageUp' ? 30 : -30));
    }
  };

  const hoverTime = hover && known ? timeAt(hover.fraction) : null;
  const cue = hoverTime === null ? null : cueAt(cues, hoverTime);
  const scale = cue ? PREVIEW_WIDTH / cue.width : 1;

  return (
    <div
      ref={track}
      role="slider"
      tabIndex={0}
      aria-label="Seek"
      aria-valuemin={Math.floor(start)}
      aria-valuemax={known ? Math.floor(start + length) : Math.floor(start)}
      aria-valuenow={Math.floor(currentTime)}
      aria-valuetext={valueText ?? `${formatDuration(currentTime)} of ${formatDuration(length)}`}
      onPointerDown={(event) => {
        if (!known) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        setDragging(true);
        onSeek(timeAt(pointerFraction(event).fraction));
      }}
      onPointerMove={onPointerMove}
      onPointerUp={() => setDragging(false)}
      onPointerLeave={() => !dragging && setHover(null)}
      onKeyDown={onKeyDown}
      className="group/seek relative flex h-4 cursor-pointer items-center focus-visible:outline-2 focus-visible:outline-brand"
    >
      <div className="relative h-1 w-full overflow-hidden rounded-full bg-white/25 transition-[height] group-hover/seek:h-1.5">
        <div className="absolute inset-y-0 left-0 bg-white/40" style={{ width: `${fractionOf(bufferedEnd) * 100}%` }} />
        <div className="absolute inset-y-0 left-0 bg-brand" style={{ width: `${fractionOf(currentTime) * 100}%` }} />
      </div>
      <span
        aria-hidden="true"
        className="absolute size-3 -translate-x-1/2 rounded-full bg-brand opacity-0 transition-opacity group-hover/seek:opacity-100 group-focus-visible/seek:opacity-100"
        style={{ left: `${fractionOf(currentTime) * 100}%` }}
      />
      {hover && hoverTime !== null && (
        <div
          aria-hidden="true"
          data-testid="seek-preview"
          className="pointer-events-none absolute bottom-6 flex -translate-x-1/2 flex-col items-center gap-1"
          style={{ left: hover.x }}
        >
          {cue && (
            <div
              className="relative overflow-hidden rounded-control border-2 border-white/80 bg-black shadow-popover"
              style={{ width: PREVIEW_WIDTH, height: cue.height * scale }}
            >
              {/* One tile of the sprite, scaled so it fills the preview. */}
              <img
                src={cue.url}
                alt=""
                className="absolute max-w-none origin-top-left"
                style={{ left: -cue.x * scale, top: -cue.y * scale, transform: `scale(${scale})` }}
              />
            </div>
          )}
          <span className="rounded bg-black/80 px-1.5 py-0.5 font-mono text-xs text-white">{timeLabel(hoverTime)}</span>
        </div>
      )}
    </div>
  );
}
