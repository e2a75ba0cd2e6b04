import type { ReactNode, SelectHTMLAttributes } from 'react';
import { cn } from './cn.js';
import { controlClasses, Field } from './field.js';

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  options: readonly { value: string; label: string }[];
  hint?: ReactNode;
  error?: ReactNode;
}

/** A native select with the fields' label, hint and error. */
export function SelectField({ label, options, hint, error, className, ...rest }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} className={cn(controlClasses, 'h-10 border-line', className)} {...rest}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
