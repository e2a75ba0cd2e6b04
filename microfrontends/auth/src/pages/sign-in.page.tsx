import { type FieldErrors, fieldOfError, loginBody, type RemoteProps, returnToFrom } from '@framecast/client';
import { Alert, Button, TextField } from '@framecast/ui';
import '../app.css';
import { AuthCard } from '../components/auth-card.js';
import { useCheckedForm } from '../components/checked-form.hook.js';
import { scoped } from '../remote.js';

type Field = 'identifier' | 'password';

function validateSignIn(values: Record<Field, string>): FieldErrors<Field> {
  const missing: FieldErrors<Field> = {};
  if (!values.identifier.trim()) missing.identifier = 'Enter your email or handle.';
  if (!values.password) missing.password = 'Enter your password.';
  return missing;
}

/** The API names "email", "handle" or "password"; the first two are this form's one identifier field. */
function fieldOfSignInError(error: unknown): Field | null {
  const field = fieldOfError(error, ['email', 'handle', 'password']);
  if (field === null || field === 'password') return field;
  return 'identifier';
}

function SignInView({ client, navigate, search }: RemoteProps) {
  const returnTo = returnToFrom(search);
  const { formError, pending, submit, field } = useCheckedForm<Field>({
    initial: { identifier: '', password: '' },
    validate: validateSignIn,
    fieldOf: fieldOfSignInError,
    send: async ({ identifier, password }) => {
      await client.auth.login(loginBody(identifier, password));
      navigate(returnTo, { replace: true });
    },
  });

  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Sign in to follow channels and manage your profile."
      client={client}
      navigate={navigate}
      returnTo={returnTo}
      other={{ question: 'New to Framecast?', label: 'Create an account', path: '/signup' }}
    >
      <form noValidate onSubmit={submit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField
          label="Email or handle"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          {...field('identifier')}
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          {...field('password')}
          required
        />
        <Button type="submit" size="lg" loading={pending} className="mt-2">
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}

export default scoped(SignInView);
