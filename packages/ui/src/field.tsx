import { type ReactNode, useId } from 'react';

/** Ids that tie a control to its hint and error text, so screen readers announce both. */
export function describedBy(id: string, hint: ReactNode, error: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** What a field gives its control: the id its label points at, and the invalid state and descriptions. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export interface FieldProps {
  label: string;
  hint?: ReactNode;
  /** Replaces the hint while shown, and marks the control invalid. */
  error?: ReactNode;
  /** Right-aligned next to the label, e.g. a character counter. */
  aside?: ReactNode;
  /** Renders the control with the props that wire it to the label, hint and error. */
  children: (control: FieldControlProps) => ReactNode;
}

/** A labelled form control with its hint and error: the one place a control is wired to them. */
export function Field({ label, hint, error, aside, children }: FieldProps) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="text-sm font-semibold text-fg">
          {label}
        </label>
        {aside && <span className="text-xs text-subtle">{aside}</span>}
      </div>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, hint, error) })}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-subtle">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

export const controlClasses =
  'w-full rounded-control border bg-canvas px-3 text-sm text-fg placeholder:text-subtle transition-colors ' +
  'hover:border-line-strong focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/40 ' +
  'disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-danger aria-[invalid=true]:focus:ring-danger/40';
