import type { RemoteProps } from '@framecast/client';
import { Button } from '@framecast/ui';
import { useSyncExternalStore } from 'react';

/** Greets the person: an invitation to join when signed out, their name when signed in. */
export function WelcomeBanner({ client, navigate }: Pick<RemoteProps, 'client' | 'navigate'>) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  if (session.status === 'loading') return <div className="h-[8.5rem]" aria-hidden="true" />;
  const signedIn = session.status === 'signedIn';
  return (
    <div className="relative overflow-hidden rounded-card border border-line bg-surface px-6 py-7 sm:px-8">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-0 bg-[radial-gradient(60%_120%_at_100%_0%,var(--color-brand-soft),transparent)]"
      />
      <div className="relative flex flex-wrap items-center justify-between gap-4">
        <div className="flex max-w-2xl flex-col gap-1.5">
          <h1 className="text-2xl font-bold tracking-tight text-fg sm:text-3xl">
            {signedIn ? `Welcome back, ${session.user.displayName || session.user.handle}` : 'Watch live and on demand'}
          </h1>
          <p className="text-sm text-muted sm:text-base">
            {signedIn
              ? 'Follow channels to keep up with them. Live streams and videos will show up right here.'
              : 'Framecast is an open video platform. Create an account to follow channels and start your own.'}
          </p>
        </div>
        {!signedIn && (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => navigate('/signin')}>
              Sign in
            </Button>
            <Button onClick={() => navigate('/signup')}>Create account</Button>
          </div>
        )}
      </div>
    </div>
  );
}
