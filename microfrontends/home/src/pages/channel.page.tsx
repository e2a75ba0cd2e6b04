import { type Channel, isApiError, queryKeys, type RemoteProps, type Viewer } from '@framecast/client';
import { Button, Card, EmptyState, QueryState, UserIcon, useViewer } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import '../app.css';
import { ChannelHeader, ChannelHeaderSkeleton } from '../components/channel-header.js';
import { ChannelVideosSection } from '../components/channel-videos.section.js';
import { LiveBanner } from '../components/live-banner.js';
import { scoped } from '../remote.js';

/** A channel: header with follow, its stream while live, about, and its videos once there are any. */
function ChannelView({ client, navigate, params }: RemoteProps) {
  const handle = params.handle ?? '';
  // Waits until the session is known and loads again when the viewer changes, so `following` is theirs.
  const viewer = useViewer(client);
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const channel = useQuery({
    queryKey: queryKeys.channel(handle, viewer ?? null),
    queryFn: () => client.channels.get(handle),
    enabled: viewer !== undefined,
  });

  return (
    <QueryState
      query={channel}
      loading={<ChannelHeaderSkeleton />}
      errorTitle="This channel could not be loaded"
      failed={(error) =>
        isApiError(error) && error.status === 404 ? (
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
        ) : undefined
      }
    >
      {(shown) => (
        <ChannelContent
          channel={shown}
          client={client}
          navigate={navigate}
          viewer={viewer ?? null}
          own={session.user?.handle === shown.handle}
        />
      )}
    </QueryState>
  );
}

interface ChannelContentProps extends Pick<RemoteProps, 'client' | 'navigate'> {
  channel: Channel;
  viewer: Viewer;
  own: boolean;
}

function ChannelContent({ channel, client, navigate, viewer, own }: ChannelContentProps) {
  const name = channel.displayName || channel.handle;
  return (
    <div className="flex flex-col gap-8">
      <title>{`${name} · Framecast`}</title>
      <ChannelHeader channel={channel} client={client} navigate={navigate} />
      <LiveBanner client={client} navigate={navigate} handle={channel.handle} />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <ChannelVideosSection client={client} navigate={navigate} handle={channel.handle} own={own} viewerId={viewer} />
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
