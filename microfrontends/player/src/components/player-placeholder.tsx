import { cn } from '@framecast/ui';
import type { ReactNode } from 'react';

const tones = {
  /** The page's own surface: a video that is not ready yet, or failed. */
  surface: { box: 'border border-line bg-surface', title: 'text-fg', message: 'text-muted' },
  /** The player's black: a stream that went off the air under the viewer. */
  screen: { box: 'bg-black text-white', title: '', message: 'text-white/70' },
} as const;

export interface PlayerPlaceholderProps {
  tone: keyof typeof tones;
  icon?: ReactNode;
  title: string;
  message: string;
  /** Below the words: a progress bar, links. */
  children?: ReactNode;
}

/** In the player's place, its size, when there is nothing to play: not yet (processing), or any more (ended). */
export function PlayerPlaceholder({ tone, icon, title, message, children }: PlayerPlaceholderProps) {
  const look = tones[tone];
  return (
    <div
      role="status"
      className={cn(
        'flex aspect-video w-full flex-col items-center justify-center gap-4 rounded-card p-6 text-center',
        look.box,
      )}
    >
      {icon && (
        <span className="flex size-14 items-center justify-center rounded-full bg-white/10 text-white/70 [&>svg]:size-7">
          {icon}
        </span>
      )}
      <div className="flex max-w-md flex-col gap-1">
        <p className={cn('text-lg font-semibold', look.title)}>{title}</p>
        <p className={cn('text-sm', look.message)}>{message}</p>
      </div>
      {children}
    </div>
  );
}
