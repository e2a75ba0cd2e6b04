import { type ReactNode, useId } from 'react';
import { cn } from './cn.js';

export interface SwitchFieldProps {
  label: string;
  /** What turning it on does. */
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  /** Shown under the row while the switch is on, e.g. the mode's own setting. */
  children?: ReactNode;
}

/** An on/off setting (WAI-ARIA switch): the label and hint name and describe it; Space or a click flips it. */
export function SwitchField({ label, hint, checked, onChange, disabled = false, children }: SwitchFieldProps) {
  const id = useId();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-start justify-between gap-4">
        <div className="flex flex-col gap-0.5">
          <label htmlFor={id} className="text-sm font-semibold text-fg">
            {label}
          </label>
          {hint && (
            <p id={`${id}-hint`} className="text-xs text-subtle">
              {hint}
            </p>
          )}
        </div>
        <button
          id={id}
          type="button"
          role="switch"
          aria-checked={checked}
          aria-describedby={hint ? `${id}-hint` : undefined}
          disabled={disabled}
          onClick={() => onChange(!checked)}
          className={cn(
            'relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors',
            'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand',
            'disabled:cursor-not-allowed disabled:opacity-60',
            checked ? 'bg-brand' : 'bg-line-strong',
          )}
        >
          <span
            aria-hidden="true"
            className={cn(
              'inline-block size-5 rounded-full bg-white shadow transition-transform',
              checked ? 'translate-x-5.5' : 'translate-x-0.5',
            )}
          />
        </button>
      </div>
      {checked && children}
    </div>
  );
}
