import { signInPath } from '@framecast/client';
import { AlertIcon, buttonClasses, Skeleton } from '@framecast/ui';
import { useRemoteProps } from '@framecast/ui/routing';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { NotificationBell } from '../notifications/notification-bell.js';
import { RemoteView } from '../remotes/remote-view.js';
import { useClient, useSession } from '../shell.context.js';

const authPaths = new Set(['/signin', '/signup']);

/** Right side of the top bar: sign-in links, or the notification bell and the auth remote's account menu. */
export function AccountArea() {
  const session = useSession();
  const props = useRemoteProps(useClient(), useQueryClient());
  const { pathname, search } = useLocation();

  if (session.status === 'loading') return <Skeleton className="size-8 rounded-full" />;

  if (session.status === 'signedOut') {
    // Come back here after signing in, unless "here" is already a sign-in or sign-up page.
    const signIn = authPaths.has(pathname) ? `/signin${search}` : signInPath(pathname + search);
    const signUp = authPaths.has(pathname) ? `/signup${search}` : '/signup';
    return (
      <div className="flex items-center gap-2">
        <Link to={signIn} className={buttonClasses('secondary', 'sm')}>
          Sign in
        </Link>
        <Link to={signUp} className={buttonClasses('primary', 'sm')}>
          Sign up
        </Link>
      </div>
    );
  }

  return (
    <div className="flex items-center gap-2">
      <NotificationBell viewer={session.user.id} />
      <RemoteView
        id="auth/UserMenu"
        props={{ ...props, params: {}, search: '' }}
        loading={<Skeleton className="size-8 rounded-full" />}
        failed={(retry) => (
          <button
            type="button"
            onClick={retry}
            title="The account menu could not be loaded. Select to try again."
            className="inline-flex h-8 items-center gap-1.5 rounded-control px-3 text-sm font-semibold text-danger hover:bg-overlay focus-visible:outline-2 focus-visible:outline-brand"
          >
            <AlertIcon className="size-4" />
            Retry menu
          </button>
        )}
      />
    </div>
  );
}
