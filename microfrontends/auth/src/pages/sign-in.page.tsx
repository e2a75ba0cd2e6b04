import { errorMessage, fieldOfError, loginBody, type RemoteProps, returnToFrom } from '@framecast/client';
import { Alert, AppLink, Button, TextField } from '@framecast/ui';
import { type FormEvent, useState } from 'react';
import '../app.css';
import { AuthCard } from '../components/auth-card.js';
import { OidcOption } from '../components/oidc-option.js';
import { RemoteScope } from '../components/remote-scope.js';

type Field = 'identifier' | 'password';

function SignInView({ client, navigate, search }: RemoteProps) {
  const returnTo = returnToFrom(search);
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    if (!identifier.trim()) missing.identifier = 'Enter your email or handle.';
    if (!password) missing.password = 'Enter your password.';
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length > 0) return;
    setPending(true);
    try {
      await client.auth.login(loginBody(identifier, password));
      navigate(returnTo, { replace: true });
    } catch (error) {
      // The API names "email", "handle" or "password"; the first two are this form's one identifier field.
      const field = fieldOfError(error, ['email', 'handle', 'password']);
      if (field === 'password') setErrors({ password: errorMessage(error) });
      else if (field) setErrors({ identifier: errorMessage(error) });
      else setFormError(errorMessage(error));
      setPending(false);
    }
  };

  const signUpHref = returnTo === '/' ? '/signup' : `/signup?returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Sign in to follow channels and manage your profile."
      footer={
        <>
          New to Framecast?{' '}
          <AppLink href={signUpHref} navigate={navigate} className="font-semibold text-brand hover:underline">
            Create an account
          </AppLink>
        </>
      }
    >
      <OidcOption client={client} returnTo={returnTo} />
      <form noValidate onSubmit={submit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label="Email or handle"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={identifier}
          onChange={(e) => setIdentifier(e.target.value)}
          error={errors.identifier}
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          required
        />
        <Button type="submit" size="lg" loading={pending} className="mt-2">
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}

export default function SignInPage(props: RemoteProps) {
  return (
    <RemoteScope>
      <SignInView {...props} />
    </RemoteScope>
  );
}
