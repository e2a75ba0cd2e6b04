import type { ReactNode } from 'react';
import { cn } from './cn.js';

const paddings = { sm: 'py-8', md: 'py-10', lg: 'py-20' } as const;

export interface EmptyStateProps {
  icon?: ReactNode;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  /** Vertical room: `sm` inside a busy page, `lg` when it is the whole page. */
  size?: keyof typeof paddings;
  className?: string;
}

/** Says plainly that there is nothing here yet, and what would make something appear. */
export function EmptyState({ icon, title, description, action, size = 'md', className }: EmptyStateProps) {
  return (
    <div
      className={cn(
        'flex flex-col items-center justify-center gap-3 rounded-card border border-dashed border-line px-6 text-center',
        paddings[size],
        className,
      )}
    >
      {icon && (
        <span className="flex size-12 items-center justify-center rounded-full bg-raised text-muted">{icon}</span>
      )}
      <div className="flex max-w-md flex-col gap-1">
        <p className="text-base font-semibold text-fg">{title}</p>
        {description && <p className="text-sm text-muted">{description}</p>}
      </div>
      {action}
    </div>
  );
}
