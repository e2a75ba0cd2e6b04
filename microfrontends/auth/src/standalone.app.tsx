import type { FramecastClient, RemoteProps } from '@framecast/client';
import { AppLink } from '@framecast/ui';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import './app.css';
import './standalone.css';
import { RemoteScope } from './components/remote-scope.js';
import UserMenu from './components/user-menu.js';
import ProfileSettingsPage from './pages/profile-settings.page.js';
import SignInPage from './pages/sign-in.page.js';
import SignUpPage from './pages/sign-up.page.js';

/** Gives a page the props the shell would give it, from react-router, under a bare top bar. */
function Routed({ client, page: Page }: { client: FramecastClient; page: ComponentType<RemoteProps> }) {
  const routerNavigate = useNavigate();
  const params = useParams() as Record<string, string>;
  const { search } = useLocation();
  const props: RemoteProps = { client, navigate: (to, options) => routerNavigate(to, options), params, search };
  return (
    <RemoteScope>
      <nav className="flex h-14 items-center gap-4 border-b border-line bg-surface px-4 font-sans text-sm text-fg">
        <span className="font-bold">auth (standalone)</span>
        {['/signin', '/signup', '/settings/profile'].map((path) => (
          <AppLink key={path} href={path} navigate={props.navigate} className="text-muted hover:text-fg">
            {path}
          </AppLink>
        ))}
        <span className="ml-auto">
          <UserMenu {...props} />
        </span>
      </nav>
      <main className="mx-auto min-h-dvh w-full max-w-7xl bg-canvas px-4 py-6 font-sans text-fg sm:px-6">
        <Page {...props} />
      </main>
    </RemoteScope>
  );
}

export function createStandaloneRouter(client: FramecastClient) {
  return createBrowserRouter([
    { path: '/', element: <Navigate to="/signin" replace /> },
    { path: '/signin', element: <Routed client={client} page={SignInPage} /> },
    { path: '/signup', element: <Routed client={client} page={SignUpPage} /> },
    { path: '/settings/profile', element: <Routed client={client} page={ProfileSettingsPage} /> },
    { path: '*', element: <Navigate to="/signin" replace /> },
  ]);
}
