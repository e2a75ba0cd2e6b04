import { returnToFrom, signInPath } from '@framecast/client';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageSpinner } from '../remotes/remote-view.js';
import { useSession } from '../shell.context.js';

/** Signed-in only: waits for the session restore, then sends signed-out people to sign in and back. */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const { pathname, search } = useLocation();
  if (session.status === 'loading') return <PageSpinner />;
  if (session.status === 'signedOut') return <Navigate to={signInPath(pathname + search)} replace />;
  return children;
}

/** Sign-in and sign-up pages: someone already signed in goes on to where they were headed. */
export function SignedOutOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  const { search } = useLocation();
  if (session.status === 'signedIn') return <Navigate to={returnToFrom(search)} replace />;
  return children;
}
