import type { RemoteProps } from '@framecast/client';
import '../app.css';
import { ChannelsSection } from '../components/channels.section.js';
import { LatestVideosSection } from '../components/latest-videos.section.js';
import { LiveNowSection } from '../components/live-now.section.js';
import { WelcomeBanner } from '../components/welcome-banner.js';
import { scoped } from '../remote.js';

/** Discovery: one section per kind of content. */
function HomeView({ client, navigate }: RemoteProps) {
  return (
    <div className="flex flex-col gap-10">
      <title>Framecast</title>
      <WelcomeBanner client={client} navigate={navigate} />
      <LiveNowSection client={client} navigate={navigate} />
      <LatestVideosSection client={client} navigate={navigate} />
      <ChannelsSection client={client} navigate={navigate} />
    </div>
  );
}

export default scoped(HomeView);
