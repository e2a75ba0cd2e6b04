import {
  errorMessage,
  type FieldErrors,
  fieldOfError,
  PASSWORD_MIN_LENGTH,
  type RemoteProps,
  returnToFrom,
  type SignUpField,
  validateSignUp,
} from '@framecast/client';
import { Alert, AppLink, Button, TextField } from '@framecast/ui';
import { type FormEvent, useState } from 'react';
import '../app.css';
import { AuthCard } from '../components/auth-card.js';
import { OidcOption } from '../components/oidc-option.js';
import { RemoteScope } from '../components/remote-scope.js';

const fields: readonly SignUpField[] = ['email', 'handle', 'password'];

function SignUpView({ client, navigate, search }: RemoteProps) {
  const returnTo = returnToFrom(search);
  const [values, setValues] = useState<Record<SignUpField, string>>({ email: '', handle: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors<SignUpField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const change = (field: SignUpField, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    // Once a field shows an error, re-check it as the person types so it clears as soon as it is right.
    if (errors[field]) setErrors((current) => ({ ...current, [field]: validateSignUp(next)[field] }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateSignUp(values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      await client.auth.register({ email: values.email.trim(), handle: values.handle, password: values.password });
      navigate(returnTo, { replace: true });
    } catch (error) {
      const field = fieldOfError(error, fields);
      if (field) setErrors({ [field]: errorMessage(error) });
      else setFormError(errorMessage(error));
      setPending(false);
    }
  };

  const signInHref = returnTo === '/' ? '/signin' : `/signin?returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <AuthCard
      title="Create your account"
      subtitle="Your account is also your channel: follow others now, go live and upload later."
      footer={
        <>
          Already have an account?{' '}
          <AppLink href={signInHref} navigate={navigate} className="font-semibold text-brand hover:underline">
            Sign in
          </AppLink>
        </>
      }
    >
      <OidcOption client={client} returnTo={returnTo} />
      <form noValidate onSubmit={submit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={(e) => change('email', e.target.value)}
          error={errors.email}
          required
        />
        <TextField
          label="Handle"
          name="handle"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={values.handle}
          onChange={(e) => change('handle', e.target.value)}
          error={errors.handle}
          hint={
            values.handle
              ? `Your channel will be at /c/${values.handle}`
              : '3 to 30 lowercase letters, digits or underscores. This is your channel address.'
          }
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => change('password', e.target.value)}
          error={errors.password}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words work well.`}
          required
        />
        <Button type="submit" size="lg" loading={pending} className="mt-2">
          Sign up
        </Button>
      </form>
    </AuthCard>
  );
}

export default function SignUpPage(props: RemoteProps) {
  return (
    <RemoteScope>
      <SignUpView {...props} />
    </RemoteScope>
  );
}
