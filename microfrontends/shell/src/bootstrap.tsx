import { createClient } from '@framecast/client';
import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import './app.css';
import { createRemoteLoader } from './remotes/remote-loader.js';
import { RemoteLoaderContext } from './remotes/remote-view.js';
import { createAppRouter } from './routes/router.js';
import { ClientContext } from './shell.context.js';

const client = createClient();
// The refresh cookie (httpOnly) restores the session; until it answers the session is "loading".
void client.auth.restore();

const remotes = createRemoteLoader({
  runtime: { registerRemotes, loadRemote },
  fetch: globalThis.fetch.bind(globalThis),
  manifestUrl: new URL('/mf/remotes.json', window.location.origin).href,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <RemoteLoaderContext.Provider value={remotes}>
        <RouterProvider router={createAppRouter()} />
      </RemoteLoaderContext.Provider>
    </ClientContext.Provider>
  </StrictMode>,
);
