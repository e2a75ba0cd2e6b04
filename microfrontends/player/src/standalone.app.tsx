import type { FramecastClient, RemoteProps } from '@framecast/client';
import type { ComponentType } from 'react';
import { createBrowserRouter, useLocation, useNavigate, useParams } from 'react-router';
import './app.css';
import './standalone.css';
import { RemoteScope } from './components/remote-scope.js';
import WatchPage from './pages/watch.page.js';

/** Gives a page the props the shell would give it, from react-router. */
function Routed({ client, page: Page }: { client: FramecastClient; page: ComponentType<RemoteProps> }) {
  const navigate = useNavigate();
  const params = useParams() as Record<string, string>;
  const { search } = useLocation();
  return (
    <RemoteScope>
      <main className="mx-auto min-h-dvh w-full max-w-6xl bg-canvas px-4 py-6 font-sans text-fg sm:px-6">
        <Page client={client} navigate={(to, options) => navigate(to, options)} params={params} search={search} />
      </main>
    </RemoteScope>
  );
}

export function createStandaloneRouter(client: FramecastClient) {
  return createBrowserRouter([
    { path: '/watch/:id', element: <Routed client={client} page={WatchPage} /> },
    { path: '*', element: <p className="p-6 text-muted">The standalone player remote serves /watch/:id.</p> },
  ]);
}
