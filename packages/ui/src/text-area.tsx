import type { ReactNode, TextareaHTMLAttributes } from 'react';
import { cn } from './cn.js';
import { controlClasses, Field } from './field.js';

export interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  error?: ReactNode;
  aside?: ReactNode;
}

export function TextArea({ label, hint, error, aside, className, rows = 4, ...rest }: TextAreaProps) {
  return (
    <Field label={label} hint={hint} error={error} aside={aside}>
      {(control) => (
        <textarea
          {...control}
          rows={rows}
          className={cn(controlClasses, 'resize-y border-line py-2 leading-relaxed', className)}
          {...rest}
        />
      )}
    </Field>
  );
}
