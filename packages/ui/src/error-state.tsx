import { Button } from './button.js';
import { cn } from './cn.js';
import { AlertIcon } from './icons.js';

export interface ErrorStateProps {
  title?: string;
  message?: string;
  /** Shows a "Try again" button. */
  onRetry?: () => void;
  retrying?: boolean;
  className?: string;
}

export function ErrorState({
  title = 'Something went wrong',
  message = 'This part of the page could not be loaded.',
  onRetry,
  retrying = false,
  className,
}: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cn(
        'flex flex-col items-center justify-center gap-3 rounded-card border border-line bg-surface px-6 py-10 text-center',
        className,
      )}
    >
      <span className="flex size-12 items-center justify-center rounded-full bg-danger-soft text-danger">
        <AlertIcon />
      </span>
      <div className="flex max-w-md flex-col gap-1">
        <p className="text-base font-semibold text-fg">{title}</p>
        <p className="text-sm text-muted">{message}</p>
      </div>
      {onRetry && (
        <Button variant="secondary" onClick={onRetry} loading={retrying}>
          Try again
        </Button>
      )}
    </div>
  );
}
