import type { FramecastClient, Viewer } from '@framecast/client';
import { useSyncExternalStore } from 'react';

/**
 * Who is looking: a user id, null when signed out, undefined while the session is still being restored. Queries
 * whose answer depends on the viewer wait for it (`enabled: viewer !== undefined`) and carry it in their key.
 */
export function useViewer(client: FramecastClient): Viewer | undefined {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  return session.status === 'loading' ? undefined : (session.user?.id ?? null);
}
