import { type FramecastClient, queryKeys } from '@framecast/client';
import { useViewer } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';

/**
 * The channel of what a page plays: its name, avatar and followers (decoration: without them the handle still links
 * to it), and on the live page the difference between "offline" and "no such channel". Loaded once the session is
 * known, since it says whether the viewer follows.
 */
export function useChannel(client: FramecastClient, handle: string) {
  const viewer = useViewer(client);
  return useQuery({
    queryKey: queryKeys.channel(handle, viewer ?? null),
    queryFn: () => client.channels.get(handle),
    enabled: viewer !== undefined && handle !== '',
  });
}
