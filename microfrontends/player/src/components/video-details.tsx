import type { Channel, FramecastClient, Video } from '@framecast/client';
import { AppLink, Avatar, formatCount } from '@framecast/ui';
import { useEffect, useState } from 'react';

export interface VideoDetailsProps {
  video: Video;
  client: FramecastClient;
  navigate: (to: string) => void;
}

const dateFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' });

/** Title, channel (with its avatar once the channel answers), views, date and description. */
export function VideoDetails({ video, client, navigate }: VideoDetailsProps) {
  const [channel, setChannel] = useState<Channel | null>(null);
  useEffect(() => {
    let cancelled = false;
    // The channel's name and avatar are decoration: without them the handle still links to it.
    client.channels.get(video.channel.handle).then(
      (found) => !cancelled && setChannel(found),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [client, video.channel.handle]);

  const name = channel?.displayName || video.channel.handle;
  const href = `/c/${video.channel.handle}`;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-bold tracking-tight text-fg sm:text-2xl">{video.title}</h1>
      <div className="flex items-center gap-3">
        <AppLink
          href={href}
          navigate={navigate}
          className="rounded-full focus-visible:outline-2 focus-visible:outline-brand"
          tabIndex={-1}
          aria-hidden="true"
        >
          <Avatar name={name} src={channel?.avatarUrl} size="md" />
        </AppLink>
        <div className="flex min-w-0 flex-col">
          <AppLink href={href} navigate={navigate} className="truncate text-sm font-semibold text-fg hover:text-brand">
            {name}
          </AppLink>
          {channel && <span className="text-xs text-muted">{formatCount(channel.followerCount, 'follower')}</span>}
        </div>
      </div>
      <div className="flex flex-col gap-2 rounded-card bg-surface p-4">
        <p className="text-sm font-semibold text-fg">
          {formatCount(video.views, 'view')}
          <span aria-hidden="true"> · </span>
          {dateFormat.format(new Date(video.publishedAt ?? video.createdAt))}
          {video.tags.length > 0 && (
            <span className="ml-2 font-normal text-brand">{video.tags.map((tag) => `#${tag}`).join(' ')}</span>
          )}
        </p>
        <p className="text-sm whitespace-pre-line text-muted">{video.description || 'No description.'}</p>
      </div>
    </div>
  );
}
