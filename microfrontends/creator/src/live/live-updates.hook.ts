import {
  type FramecastClient,
  type LiveSetup,
  queryKeys,
  type StreamNotice,
  type Video,
  type Viewer,
} from '@framecast/client';
import { useTopic } from '@framecast/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { applyNotice } from '../components/video-updates.hook.js';

/**
 * Follows the creator's own topic (`user:<id>`) for the Go live page. Every few seconds on air, the stream's health
 * and audience: the audience is written into the setup in place, and a change of on air or off (the stream started or
 * ended) reads the setup again, which brings the ended session's summary. The replay's processing is written into its
 * video as it is pushed (a new status reads it again). Returns the last health notice.
 */
export function useLiveUpdates(client: FramecastClient, viewer: Viewer, replayVideoId: string | null) {
  const queryClient = useQueryClient();
  const [health, setHealth] = useState<StreamNotice | null>(null);
  const setupKey = queryKeys.liveSetup(viewer);
  useTopic(client.realtime, viewer ? `user:${viewer}` : null, {
    onMessage(notice) {
      if (notice.kind === 'video') {
        if (notice.videoId !== replayVideoId) return;
        const key = queryKeys.video(notice.videoId, viewer);
        const current = queryClient.getQueryData<Video>(key);
        const next = current && applyNotice(current, notice);
        if (next) queryClient.setQueryData<Video>(key, next.video);
        if (!next || next.refetch) void queryClient.invalidateQueries({ queryKey: key });
        return;
      }
      // The same topic carries the creator's notifications: only stream health is for this page.
      if (notice.kind !== 'stream') return;
      setHealth(notice);
      const current = queryClient.getQueryData<LiveSetup>(setupKey);
      const wasLive = current?.status === 'live' && current.session?.id === notice.sessionId;
      if (!current || wasLive !== notice.live) {
        void queryClient.invalidateQueries({ queryKey: setupKey });
      } else if (current.session) {
        const session = { ...current.session, viewers: notice.viewers, peakViewers: notice.peakViewers };
        queryClient.setQueryData<LiveSetup>(setupKey, { ...current, session });
      }
    },
    onReload: () => {
      void queryClient.invalidateQueries({ queryKey: setupKey });
      if (replayVideoId) void queryClient.invalidateQueries({ queryKey: queryKeys.video(replayVideoId, viewer) });
    },
  });
  return health;
}
