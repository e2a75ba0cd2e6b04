import { queryKeys, type RemoteProps } from '@framecast/client';
import { EmptyState, QueryState, VideoIcon } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';
import { DiscoverySection } from './discovery-section.js';
import { VideoGrid, VideoGridSkeleton } from './video-grid.js';

const LATEST_COUNT = 12;

/** The newest public videos that are ready to watch. */
export function LatestVideosSection({ client, navigate }: Pick<RemoteProps, 'client' | 'navigate'>) {
  const latest = useQuery({
    queryKey: queryKeys.latestVideos(LATEST_COUNT),
    queryFn: () => client.videos.list({ sort: 'new', limit: LATEST_COUNT }),
  });
  return (
    <DiscoverySection id="latest-videos" title="Latest videos" icon={<VideoIcon />}>
      <QueryState
        query={latest}
        loading={<VideoGridSkeleton label="Loading videos" />}
        errorTitle="Videos could not be loaded"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <EmptyState
            icon={<VideoIcon />}
            title="No videos yet"
            description="Videos that channels publish appear here as soon as they are ready to watch."
            size="sm"
          />
        }
      >
        {(page) => <VideoGrid videos={page.items} navigate={navigate} />}
      </QueryState>
    </DiscoverySection>
  );
}
