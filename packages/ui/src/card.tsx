import type { HTMLAttributes } from 'react';
import { cn } from './cn.js';

export interface CardProps extends HTMLAttributes<HTMLDivElement> {
  /** Adds a hover lift for cards that are links or hold a primary action. */
  interactive?: boolean;
}

export function Card({ interactive = false, className, ...rest }: CardProps) {
  return (
    <div
      className={cn(
        'rounded-card border border-line bg-surface',
        interactive && 'transition-colors hover:border-line-strong hover:bg-raised',
        className,
      )}
      {...rest}
    />
  );
}
