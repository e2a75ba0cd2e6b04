import { cn } from './cn.js';

/** The video states a badge can show; structurally the API's VideoStatus. */
export type VideoStatusName = 'uploading' | 'processing' | 'ready' | 'failed';

const looks: { [status in VideoStatusName]: { label: string; classes: string } } = {
  uploading: { label: 'Uploading', classes: 'bg-brand-soft text-brand' },
  processing: { label: 'Processing', classes: 'bg-warning-soft text-warning' },
  ready: { label: 'Ready', classes: 'bg-success-soft text-success' },
  failed: { label: 'Failed', classes: 'bg-danger-soft text-danger' },
};

/** The words a badge shows: "Processing 42 %" while transcoding, else the state's name. */
export function statusLabel(status: VideoStatusName, progress?: number): string {
  const { label } = looks[status];
  return status === 'processing' && progress !== undefined && progress > 0 ? `${label} ${progress} %` : label;
}

export interface StatusBadgeProps {
  status: VideoStatusName;
  /** 0–100, shown while processing. */
  progress?: number;
  className?: string;
}

export function StatusBadge({ status, progress, className }: StatusBadgeProps) {
  return (
    <span
      className={cn(
        'inline-flex h-6 items-center rounded-full px-2.5 text-xs font-semibold whitespace-nowrap',
        looks[status].classes,
        className,
      )}
    >
      {statusLabel(status, progress)}
    </span>
  );
}
