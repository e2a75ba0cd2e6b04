import { errorMessage, type FieldErrors } from '@framecast/client';
import { type ChangeEvent, type FormEvent, useState } from 'react';

export interface CheckedFormOptions<F extends string> {
  initial: Record<F, string>;
  /** What the form can find wrong by itself, field by field. */
  validate: (values: Record<F, string>) => FieldErrors<F>;
  /** The field an error from the API is about, if any; other errors show above the form. */
  fieldOf: (error: unknown) => F | null;
  /** Sends values that passed `validate`. */
  send: (values: Record<F, string>) => Promise<void>;
  /** Called on every change, e.g. to hide a "saved" note. */
  onEdit?: () => void;
}

/**
 * A form checked on submit, then by the API. Once a field shows an error it is checked again as the
 * person types, so the error clears as soon as the value is right.
 */
export function useCheckedForm<F extends string>({ initial, validate, fieldOf, send, onEdit }: CheckedFormOptions<F>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const change = (field: F, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    onEdit?.();
    if (errors[field]) setErrors((current) => ({ ...current, [field]: validate(next)[field] }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      await send(values);
    } catch (error) {
      const field = fieldOf(error);
      if (field) setErrors({ [field]: errorMessage(error) } as FieldErrors<F>);
      else setFormError(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  /** What a TextField or TextArea needs for `field`: its value, its change handler and its error. */
  const field = (name: F) => ({
    value: values[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => change(name, event.target.value),
    error: errors[name],
  });

  return { values, setValues, errors, formError, pending, change, submit, field };
}
