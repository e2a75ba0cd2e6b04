import { type ChannelLive, type FramecastClient, queryKeys } from '@framecast/client';
import { useTopic } from '@framecast/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { applyStreamUpdate, markEnded } from './channel-live.js';

/**
 * How often a channel's stream is read again while the page is open: a channel going live shows up, and the viewer
 * count moves, even while the real-time topic is quiet.
 */
const REFRESH_MS = 30_000;

/**
 * A channel's stream (`GET /api/channels/:handle/live`), kept current: while on air, its `stream:<session>` topic
 * moves viewers, title and category in place and takes it off the air when it ends; a missed message reads it again.
 * `ended` is for what the page finds out itself (the player reached the end, a heartbeat was refused).
 */
export function useChannelLive(client: FramecastClient, handle: string) {
  const queryClient = useQueryClient();
  const key = queryKeys.channelLive(handle);
  const query = useQuery({
    queryKey: key,
    queryFn: () => client.live.channel(handle),
    refetchInterval: REFRESH_MS,
  });
  const { refetch } = query;
  const sessionId = query.data?.live ? (query.data.session?.id ?? null) : null;

  useTopic(client.realtime, sessionId ? `stream:${sessionId}` : null, {
    onMessage(update) {
      if (!sessionId) return;
      queryClient.setQueryData<ChannelLive>(key, (data) => data && applyStreamUpdate(data, sessionId, update));
      // The end's reason and time, and the replay once there is one, come from the API.
      if (!update.live) void refetch();
    },
    onReload: () => void refetch(),
  });

  const ended = useCallback(
    (id: string) => {
      queryClient.setQueryData<ChannelLive>(
        queryKeys.channelLive(handle),
        (data) => data && markEnded(data, id, new Date()),
      );
      void refetch();
    },
    [queryClient, handle, refetch],
  );

  return { query, ended };
}
