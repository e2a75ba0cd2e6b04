import type { LiveSetup, RemoteProps } from '@framecast/client';
import { QueryState, Skeleton, useViewer } from '@framecast/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import '../app.css';
import { liveSetupQuery, replayQuery, showLiveSetup } from '../live/live.queries.js';
import { LivePreview } from '../live/live-preview.js';
import { useLiveUpdates } from '../live/live-updates.hook.js';
import { StreamDetailsForm } from '../live/stream-details.form.js';
import { StreamHealthCard } from '../live/stream-health.card.js';
import { StreamKeyCard } from '../live/stream-key.card.js';
import { StreamStatusCard } from '../live/stream-status.card.js';
import { StreamSummaryCard } from '../live/stream-summary.card.js';
import { replayState } from '../live/stream-summary.js';
import { scoped } from '../remote.js';

/** The session to sum up: the last one, once it ended (never while on air). */
const endedSession = (setup: LiveSetup | undefined) =>
  setup?.status === 'offline' && setup.session?.endedAt ? setup.session : null;

/**
 * "Go live": where to send the stream, its title and category, and whether it is on air; while on air, a preview of
 * the stream and its health; after it, a summary of how it went and its replay.
 */
function GoLiveView({ client, navigate }: RemoteProps) {
  const queryClient = useQueryClient();
  const viewer = useViewer(client) ?? null;
  const setup = useQuery(liveSetupQuery(client, viewer));
  const ended = endedSession(setup.data);
  const replay = useQuery(replayQuery(client, viewer, ended));
  const health = useLiveUpdates(client, viewer, ended?.replayVideoId ?? null);
  // The summary of one session is dismissed; the next session's shows again.
  const [dismissed, setDismissed] = useState<string | null>(null);
  const rotate = useMutation({
    mutationFn: () => client.live.rotateKey(),
    onSuccess: (next) => showLiveSetup(queryClient, viewer, next),
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
        {(data) => {
          const onAir = data.status === 'live' ? data.session : null;
          const summary = ended && ended.id !== dismissed ? ended : null;
          return (
            <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
              <div className="flex min-w-0 flex-col gap-6">
                <StreamStatusCard setup={data} />
                {summary && (
                  <StreamSummaryCard
                    session={summary}
                    replay={replayState(summary, replay.data, replay.error, Date.now())}
                    navigate={navigate}
                    onDismiss={() => setDismissed(summary.id)}
                  />
                )}
                <StreamKeyCard
                  setup={data}
                  rotating={rotate.isPending}
                  rotateError={rotate.error}
                  onRotate={() => rotate.mutate()}
                />
              </div>
              <div className="flex flex-col gap-6 self-start">
                {onAir && <LivePreview client={client} handle={onAir.channel.handle} sessionId={onAir.id} />}
                <StreamHealthCard notice={onAir ? health : null} />
                <StreamDetailsForm
                  setup={data}
                  saving={save.isPending}
                  saveError={save.error}
                  saved={save.isSuccess}
                  onSave={(body) => save.mutate(body)}
                />
              </div>
            </div>
          );
        }}
      </QueryState>
    </div>
  );
}

export default scoped(GoLiveView);
