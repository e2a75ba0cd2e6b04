import { type DragEvent, useId, useRef, useState } from 'react';
import { buttonClasses } from './button.js';
import { cn } from './cn.js';
import { UploadIcon } from './icons.js';

export interface DropzoneProps {
  /** Receives the chosen file, dropped or picked. */
  onFile: (file: File) => void;
  /** The `accept` attribute of the file picker, e.g. "video/*,.mkv". */
  accept?: string;
  title: string;
  description?: string;
  buttonLabel?: string;
  disabled?: boolean;
  /** Less room, e.g. once uploads are listed under it. */
  compact?: boolean;
  className?: string;
}

/** A drop target with a real file button inside, so it works with a keyboard and a screen reader too. */
export function Dropzone({
  onFile,
  accept,
  title,
  description,
  buttonLabel = 'Choose a file',
  disabled = false,
  compact = false,
  className,
}: DropzoneProps) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };

  return (
    <section
      aria-labelledby={`${id}-title`}
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={cn(
        'flex flex-col items-center justify-center gap-4 rounded-card border-2 border-dashed px-6 text-center transition-colors',
        compact ? 'py-6' : 'py-12',
        over ? 'border-brand bg-brand-soft' : 'border-line-strong bg-surface',
        disabled && 'opacity-60',
        className,
      )}
    >
      {!compact && (
        <span className="flex size-14 items-center justify-center rounded-full bg-raised text-brand [&>svg]:size-7">
          <UploadIcon />
        </span>
      )}
      <div className="flex max-w-md flex-col gap-1">
        <p id={`${id}-title`} className="text-base font-semibold text-fg">
          {title}
        </p>
        {description && <p className="text-sm text-muted">{description}</p>}
      </div>
      <label className={cn(buttonClasses('primary', 'md'), disabled ? 'pointer-events-none' : 'cursor-pointer')}>
        {buttonLabel}
        <input
          ref={input}
          type="file"
          accept={accept}
          disabled={disabled}
          aria-describedby={`${id}-title`}
          className="sr-only"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) onFile(file);
            // Choosing the same file again must fire change again.
            event.target.value = '';
          }}
        />
      </label>
    </section>
  );
}
