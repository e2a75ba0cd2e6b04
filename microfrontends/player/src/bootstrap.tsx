import { createClient } from '@framecast/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createStandaloneRouter } from './standalone.app.js';

// Standalone development: the pages this remote exposes, with their own client, outside the shell.
const client = createClient();
void client.auth.restore();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={createStandaloneRouter(client)} />
  </StrictMode>,
);
