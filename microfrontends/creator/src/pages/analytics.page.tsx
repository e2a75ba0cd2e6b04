import type { RemoteProps } from '@framecast/client';
import '../app.css';
import { ChannelAnalyticsView } from '../analytics/channel-analytics.view.js';
import { StreamAnalyticsView } from '../analytics/stream-analytics.view.js';
import { VideoAnalyticsView } from '../analytics/video-analytics.view.js';
import { scoped } from '../remote.js';

/**
 * The studio's analytics: the channel's (`/studio/analytics`), a video's (`/studio/analytics/videos/:id`) or a live
 * session's (`/studio/analytics/streams/:sessionId`), each over the range its query string names.
 */
function StudioAnalyticsView(props: RemoteProps) {
  if (props.params.sessionId) return <StreamAnalyticsView {...props} />;
  if (props.params.id) return <VideoAnalyticsView {...props} />;
  return <ChannelAnalyticsView {...props} />;
}

export default scoped(StudioAnalyticsView);
