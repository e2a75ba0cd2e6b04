import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { cn } from './cn.js';
import { controlClasses, describedBy, FieldFrame } from './field.js';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  error?: ReactNode;
  aside?: ReactNode;
}

export function TextField({ label, hint, error, aside, className, ...rest }: TextFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} aside={aside}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={cn(controlClasses, 'h-10 border-line', className)}
        {...rest}
      />
    </FieldFrame>
  );
}
