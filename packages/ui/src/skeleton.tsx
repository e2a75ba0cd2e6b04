import { cn } from './cn.js';

/** A placeholder block shown while content loads; hidden from assistive technology. Give it a size and a radius. */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cn('block animate-shimmer bg-overlay', className)} />;
}
