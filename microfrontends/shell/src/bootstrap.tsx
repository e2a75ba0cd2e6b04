import { createClient } from '@framecast/client';
import { createQueryClient } from '@framecast/ui';
import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import { QueryClientProvider } from '@tanstack/react-query';
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
// The page's one query cache: every remote gets it through RemoteProps (and, react-query being a shared singleton,
// through the same React context).
const queryClient = createQueryClient();

const remotes = createRemoteLoader({
  runtime: { registerRemotes, loadRemote },
  fetch: globalThis.fetch.bind(globalThis),
  manifestUrl: new URL('/mf/remotes.json', window.location.origin).href,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <QueryClientProvider client={queryClient}>
        <RemoteLoaderContext.Provider value={remotes}>
          <RouterProvider router={createAppRouter()} />
        </RemoteLoaderContext.Provider>
      </QueryClientProvider>
    </ClientContext.Provider>
  </StrictMode>,
);
