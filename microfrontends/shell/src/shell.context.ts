import type { FramecastClient } from '@framecast/client';
import { createContext, useContext, useSyncExternalStore } from 'react';

/** The one client of the app: its session is the session every remote sees. */
export const ClientContext = createContext<FramecastClient | null>(null);

export function useClient(): FramecastClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a ClientContext provider.');
  return client;
}

export function useSession() {
  const client = useClient();
  return useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
}
