import {
  fieldOfError,
  HANDLE_MAX_LENGTH,
  HANDLE_MIN_LENGTH,
  PASSWORD_MIN_LENGTH,
  type RemoteProps,
  returnToFrom,
  type SignUpField,
  validateSignUp,
} from '@framecast/client';
import { Alert, Button, TextField } from '@framecast/ui';
import '../app.css';
import { AuthCard } from '../components/auth-card.js';
import { useCheckedForm } from '../components/checked-form.hook.js';
import { scoped } from '../remote.js';

const fields: readonly SignUpField[] = ['email', 'handle', 'password'];

function SignUpView({ client, navigate, search }: RemoteProps) {
  const returnTo = returnToFrom(search);
  const { values, formError, pending, submit, field } = useCheckedForm<SignUpField>({
    initial: { email: '', handle: '', password: '' },
    validate: validateSignUp,
    fieldOf: (error) => fieldOfError(error, fields),
    send: async ({ email, handle, password }) => {
      await client.auth.register({ email: email.trim(), handle, password });
      navigate(returnTo, { replace: true });
    },
  });

  return (
    <AuthCard
      title="Create your account"
      subtitle="Your account is also your channel: follow others now, go live and upload later."
      client={client}
      navigate={navigate}
      returnTo={returnTo}
      other={{ question: 'Already have an account?', label: 'Sign in', path: '/signin' }}
    >
      <form noValidate onSubmit={submit} className="flex flex-col gap-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <TextField label="Email" name="email" type="email" autoComplete="email" {...field('email')} required />
        <TextField
          label="Handle"
          name="handle"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          {...field('handle')}
          hint={
            values.handle
              ? `Your channel will be at /c/${values.handle}`
              : `${HANDLE_MIN_LENGTH} to ${HANDLE_MAX_LENGTH} lowercase letters, digits or underscores. This is your channel address.`
          }
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          {...field('password')}
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

export default scoped(SignUpView);
