import { BroadcastIcon, EmptyState } from '@framecast/ui';
import { DiscoverySection } from './discovery-section.js';

/** Live streams arrive with the live module; until then this says so honestly. */
export function LiveNowSection() {
  return (
    <DiscoverySection id="live-now" title="Live now" icon={<BroadcastIcon />}>
      <EmptyState
        icon={<BroadcastIcon />}
        title="No one is live right now"
        description="Channels that go live show up here, newest first."
        size="sm"
      />
    </DiscoverySection>
  );
}
