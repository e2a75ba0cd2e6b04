import type { InputHTMLAttributes, ReactNode } from 'react';
import { cn } from './cn.js';
import { controlClasses, Field } from './field.js';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  error?: ReactNode;
  aside?: ReactNode;
}

export function TextField({ label, hint, error, aside, className, ...rest }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} aside={aside}>
      {(control) => <input {...control} className={cn(controlClasses, 'h-10 border-line', className)} {...rest} />}
    </Field>
  );
}
