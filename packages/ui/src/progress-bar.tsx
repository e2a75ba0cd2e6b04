import { cn } from './cn.js';

export type ProgressTone = 'brand' | 'success' | 'danger';

const tones: { [tone in ProgressTone]: { solid: string; fading: string } } = {
  brand: { solid: 'bg-brand', fading: 'via-brand' },
  success: { solid: 'bg-success', fading: 'via-success' },
  danger: { solid: 'bg-danger', fading: 'via-danger' },
};

export interface ProgressBarProps {
  /** 0–100; null for an indeterminate bar (work started, amount unknown). */
  value: number | null;
  /** What is progressing, e.g. "Upload progress": the bar's accessible name. */
  label: string;
  tone?: ProgressTone;
  className?: string;
}

/** A thin progress bar with the ARIA progressbar role, so screen readers announce the percentage. */
export function ProgressBar({ value, label, tone = 'brand', className }: ProgressBarProps) {
  const clamped = value === null ? null : Math.min(100, Math.max(0, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped === null ? undefined : Math.round(clamped)}
      className={cn('h-1.5 w-full overflow-hidden rounded-full bg-overlay', className)}
    >
      <div
        className={cn(
          'h-full rounded-full transition-[width] duration-300',
          // Indeterminate: a soft pulsing band, so it never reads as "complete".
          clamped === null
            ? cn('animate-shimmer bg-gradient-to-r from-transparent to-transparent', tones[tone].fading)
            : tones[tone].solid,
        )}
        style={{ width: `${clamped ?? 100}%` }}
      />
    </div>
  );
}
