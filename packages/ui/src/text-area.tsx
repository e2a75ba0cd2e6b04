import { type ReactNode, type TextareaHTMLAttributes, useId } from 'react';
import { cn } from './cn.js';
import { controlClasses, describedBy, FieldFrame } from './field.js';

export interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  error?: ReactNode;
  aside?: ReactNode;
}

export function TextArea({ label, hint, error, aside, className, rows = 4, ...rest }: TextAreaProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} aside={aside}>
      <textarea
        id={id}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={cn(controlClasses, 'resize-y border-line py-2 leading-relaxed', className)}
        {...rest}
      />
    </FieldFrame>
  );
}
