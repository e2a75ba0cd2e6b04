import type { ReactNode } from 'react';
import { cn } from './cn.js';
import { AlertIcon, CheckCircleIcon, InfoIcon } from './icons.js';

export type AlertTone = 'error' | 'success' | 'info' | 'warning';

const tones: { [tone in AlertTone]: { classes: string; icon: ReactNode; role: 'alert' | 'status' } } = {
  error: { classes: 'border-danger/40 bg-danger-soft text-danger', icon: <AlertIcon />, role: 'alert' },
  warning: { classes: 'border-warning/40 bg-warning-soft text-warning', icon: <AlertIcon />, role: 'alert' },
  success: { classes: 'border-success/40 bg-success-soft text-success', icon: <CheckCircleIcon />, role: 'status' },
  info: { classes: 'border-line bg-raised text-muted', icon: <InfoIcon />, role: 'status' },
};

export interface AlertProps {
  tone?: AlertTone;
  title?: string;
  children?: ReactNode;
  className?: string;
}

/** An inline message; errors and warnings are announced at once, the others politely. */
export function Alert({ tone = 'info', title, children, className }: AlertProps) {
  const { classes, icon, role } = tones[tone];
  return (
    <div role={role} className={cn('flex gap-3 rounded-control border px-3 py-2.5 text-sm', classes, className)}>
      <span className="mt-px shrink-0 [&>svg]:size-4.5">{icon}</span>
      <div className="flex flex-col gap-0.5">
        {title && <p className="font-semibold text-fg">{title}</p>}
        {children && <div className="text-fg/90">{children}</div>}
      </div>
    </div>
  );
}
