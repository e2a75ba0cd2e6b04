import type { FramecastClient, Video } from '@framecast/client';
import { type Loaded, useLoad } from '@framecast/ui';
import { useSyncExternalStore } from 'react';

/**
 * The video, loaded once the session is known (a private video is visible only to its owner) and
 * again when the viewer changes. `refresh` fetches it again in the background (polling, fresh tokens).
 */
export function useVideo(client: FramecastClient, id: string): Loaded<Video> {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const viewer = session.status === 'loading' ? undefined : (session.user?.id ?? null);
  return useLoad(() => client.videos.get(id), [client, id, viewer], viewer !== undefined);
}
