import { errorMessage, isApiError, type RemoteProps } from '@framecast/client';
import { Button, Card, EmptyState, ErrorState, UserIcon, useLoad } from '@framecast/ui';
import { useSyncExternalStore } from 'react';
import '../app.css';
import { ChannelHeader, ChannelHeaderSkeleton } from '../components/channel-header.js';
import { ChannelVideosSection } from '../components/channel-videos.section.js';
import { scoped } from '../remote.js';

/** A channel: header with follow, about, and its videos once there are any. */
function ChannelView({ client, navigate, params }: RemoteProps) {
  const handle = params.handle ?? '';
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  // Waits until the session is known and reloads when the viewer changes, so `following` is theirs.
  const viewer = session.status === 'loading' ? undefined : (session.user?.id ?? null);
  const { state, reload, update } = useLoad(
    () => client.channels.get(handle),
    [client, handle, viewer],
    viewer !== undefined,
  );

  if (state.status === 'loading') return <ChannelHeaderSkeleton />;

  if (state.status === 'error') {
    if (isApiError(state.error) && state.error.status === 404) {
      return (
        <>
          <title>Channel not found · Framecast</title>
          <EmptyState
            icon={<UserIcon />}
            title="Channel not found"
            description={`There is no channel called @${handle}. Check the address, or find channels on the home page.`}
            action={<Button onClick={() => navigate('/')}>Go to the home page</Button>}
            size="lg"
          />
        </>
      );
    }
    return <ErrorState title="This channel could not be loaded" message={errorMessage(state.error)} onRetry={reload} />;
  }

  const channel = state.data;
  const name = channel.displayName || channel.handle;
  return (
    <div className="flex flex-col gap-8">
      <title>{`${name} · Framecast`}</title>
      <ChannelHeader channel={channel} client={client} navigate={navigate} onChange={(next) => update(() => next)} />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <ChannelVideosSection
          client={client}
          navigate={navigate}
          handle={channel.handle}
          own={session.user?.handle === channel.handle}
          viewerId={viewer}
        />
        <Card className="flex h-fit flex-col gap-2 p-5">
          <h2 className="text-sm font-bold tracking-wide text-muted uppercase">About</h2>
          <p className="text-sm whitespace-pre-line text-fg">{channel.bio || `${name} has not written a bio yet.`}</p>
          <p className="text-xs text-subtle">
            Joined {new Date(channel.createdAt).toLocaleDateString('en', { month: 'long', year: 'numeric' })}
          </p>
        </Card>
      </div>
    </div>
  );
}

export default scoped(ChannelView);
