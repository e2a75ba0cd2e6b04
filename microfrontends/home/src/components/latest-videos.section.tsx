import { EmptyState, VideoIcon } from '@framecast/ui';
import { DiscoverySection } from './discovery-section.js';

/** Videos arrive with the video module; until then this says so honestly. */
export function LatestVideosSection() {
  return (
    <DiscoverySection id="latest-videos" title="Latest videos" icon={<VideoIcon />}>
      <EmptyState
        icon={<VideoIcon />}
        title="No videos yet"
        description="Videos that channels publish appear here as soon as they are ready to watch."
        size="sm"
      />
    </DiscoverySection>
  );
}
