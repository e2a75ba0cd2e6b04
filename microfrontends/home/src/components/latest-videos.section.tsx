import { errorMessage, type RemoteProps } from '@framecast/client';
import { EmptyState, ErrorState, useLoad, VideoIcon } from '@framecast/ui';
import { DiscoverySection } from './discovery-section.js';
import { VideoGrid, VideoGridSkeleton } from './video-grid.js';

const LATEST_COUNT = 12;

/** The newest public videos that are ready to watch. */
export function LatestVideosSection({ client, navigate }: Pick<RemoteProps, 'client' | 'navigate'>) {
  const { state, reload } = useLoad(() => client.videos.list({ sort: 'new', limit: LATEST_COUNT }), [client]);
  return (
    <DiscoverySection id="latest-videos" title="Latest videos" icon={<VideoIcon />}>
      {state.status === 'loading' && <VideoGridSkeleton label="Loading videos" />}
      {state.status === 'error' && (
        <ErrorState title="Videos could not be loaded" message={errorMessage(state.error)} onRetry={reload} />
      )}
      {state.status === 'ready' && state.data.items.length === 0 && (
        <EmptyState
          icon={<VideoIcon />}
          title="No videos yet"
          description="Videos that channels publish appear here as soon as they are ready to watch."
          size="sm"
        />
      )}
      {state.status === 'ready' && state.data.items.length > 0 && (
        <VideoGrid videos={state.data.items} navigate={navigate} />
      )}
    </DiscoverySection>
  );
}
