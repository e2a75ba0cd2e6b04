import type { Channel, Video } from '@framecast/client';
import { formatCount } from '@framecast/ui';
import { MediaDetails } from './media-details.js';

export interface VideoDetailsProps {
  video: Video;
  /** The channel's name, avatar and followers, once they answer: without them the handle still links to it. */
  channel: Channel | undefined;
  navigate: (to: string) => void;
}

const dateFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' });

/** Under the video player: the title, the channel, then views, date, tags and description. */
export function VideoDetails({ video, channel, navigate }: VideoDetailsProps) {
  return (
    <MediaDetails title={video.title} handle={video.channel.handle} channel={channel} navigate={navigate}>
      <div className="flex flex-col gap-2 rounded-card bg-surface p-4">
        <p className="text-sm font-semibold text-fg">
          <span>{formatCount(video.views, 'view')}</span>
          <span aria-hidden="true"> · </span>
          {dateFormat.format(new Date(video.publishedAt ?? video.createdAt))}
          {video.tags.length > 0 && (
            <span className="ml-2 font-normal text-brand">{video.tags.map((tag) => `#${tag}`).join(' ')}</span>
          )}
        </p>
        <p className="text-sm whitespace-pre-line text-muted">{video.description || 'No description.'}</p>
      </div>
    </MediaDetails>
  );
}
