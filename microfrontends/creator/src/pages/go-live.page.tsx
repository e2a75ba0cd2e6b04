import { type LiveSetup, queryKeys, type RemoteProps, type StreamNotice } from '@framecast/client';
import { QueryState, Skeleton, useTopic, useViewer } from '@framecast/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import '../app.css';
import { liveSetupQuery, showLiveSetup } from '../live/live.queries.js';
import { StreamDetailsForm } from '../live/stream-details.form.js';
import { StreamHealthCard } from '../live/stream-health.card.js';
import { StreamKeyCard } from '../live/stream-key.card.js';
import { StreamStatusCard } from '../live/stream-status.card.js';
import { scoped } from '../remote.js';

/** "Go live": where to send the stream, its title and category, and whether it is on air. */
function GoLiveView({ client }: RemoteProps) {
  const queryClient = useQueryClient();
  const viewer = useViewer(client) ?? null;
  const setup = useQuery(liveSetupQuery(client, viewer));
  const rotate = useMutation({
    mutationFn: () => client.live.rotateKey(),
    onSuccess: (next) => showLiveSetup(queryClient, viewer, next),
  });
  const [health, setHealth] = useState<StreamNotice | null>(null);
  // The creator's own topic: every few seconds while on air, the stream's health and audience.
  useTopic(client.realtime, viewer ? `user:${viewer}` : null, {
    onMessage(notice) {
      if (notice.kind !== 'stream') return;
      setHealth(notice);
      const current = queryClient.getQueryData<LiveSetup>(queryKeys.liveSetup(viewer));
      const wasLive = current?.status === 'live' && current.session?.id === notice.sessionId;
      if (!current || wasLive !== notice.live) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.liveSetup(viewer) });
      } else if (current.session) {
        const session = { ...current.session, viewers: notice.viewers, peakViewers: notice.peakViewers };
        queryClient.setQueryData<LiveSetup>(queryKeys.liveSetup(viewer), { ...current, session });
      }
    },
    onReload: () => void queryClient.invalidateQueries({ queryKey: queryKeys.liveSetup(viewer) }),
  });
  const save = useMutation({
    mutationFn: client.live.update,
    onSuccess: (next) => showLiveSetup(queryClient, viewer, next),
  });

  return (
    <div className="flex flex-col gap-8">
      <title>Go live · Framecast</title>
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold tracking-tight text-fg">Go live</h1>
        <p className="text-sm text-muted">Stream from OBS or FFmpeg; viewers watch on your channel.</p>
      </header>
      <QueryState
        query={setup}
        errorTitle="Your stream setup could not be loaded"
        loading={
          <div role="status" aria-label="Loading your stream setup" className="flex flex-col gap-4">
            <Skeleton className="h-24" />
            <Skeleton className="h-64" />
          </div>
        }
      >
        {(data) => (
          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
            <div className="flex min-w-0 flex-col gap-6">
              <StreamStatusCard setup={data} />
              <StreamKeyCard
                setup={data}
                rotating={rotate.isPending}
                rotateError={rotate.error}
                onRotate={() => rotate.mutate()}
              />
            </div>
            <div className="flex flex-col gap-6 self-start">
              <StreamHealthCard notice={data.status === 'live' ? health : null} />
              <StreamDetailsForm
                setup={data}
                saving={save.isPending}
                saveError={save.error}
                saved={save.isSuccess}
                onSave={(body) => save.mutate(body)}
              />
            </div>
          </div>
        )}
      </QueryState>
    </div>
  );
}

export default scoped(GoLiveView);
