import { createBrowserRouter } from 'react-router';
import { AppLayout } from '../layout/app-layout.js';
import { NotFoundPage } from '../pages/not-found.page.js';
import { RemoteRoute } from './remote-route.js';
import { RequireSignedIn, SignedOutOnly } from './route-guards.js';

export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <AppLayout />,
      children: [
        { index: true, element: <RemoteRoute id="home/Home" /> },
        {
          path: 'signin',
          element: (
            <SignedOutOnly>
              <RemoteRoute id="auth/SignIn" />
            </SignedOutOnly>
          ),
        },
        {
          path: 'signup',
          element: (
            <SignedOutOnly>
              <RemoteRoute id="auth/SignUp" />
            </SignedOutOnly>
          ),
        },
        {
          path: 'settings/profile',
          element: (
            <RequireSignedIn>
              <RemoteRoute id="auth/ProfileSettings" />
            </RequireSignedIn>
          ),
        },
        {
          path: 'settings/notifications',
          element: (
            <RequireSignedIn>
              <RemoteRoute id="auth/NotificationSettings" />
            </RequireSignedIn>
          ),
        },
        { path: 'c/:handle', element: <RemoteRoute id="home/ChannelPage" /> },
        { path: 'watch/:id', element: <RemoteRoute id="player/WatchPage" /> },
        { path: 'live/:handle', element: <RemoteRoute id="player/LivePage" /> },
        {
          path: 'studio',
          element: (
            <RequireSignedIn>
              <RemoteRoute id="creator/Studio" />
            </RequireSignedIn>
          ),
        },
        {
          path: 'studio/live',
          element: (
            <RequireSignedIn>
              <RemoteRoute id="creator/GoLive" />
            </RequireSignedIn>
          ),
        },
        {
          path: 'studio/chat',
          element: (
            <RequireSignedIn>
              <RemoteRoute id="creator/StudioChat" />
            </RequireSignedIn>
          ),
        },
        ...['studio/analytics', 'studio/analytics/videos/:id', 'studio/analytics/streams/:sessionId'].map((path) => ({
          path,
          element: (
            <RequireSignedIn>
              <RemoteRoute id="creator/StudioAnalytics" />
            </RequireSignedIn>
          ),
        })),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
