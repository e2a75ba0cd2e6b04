import type { Channel, RemoteProps } from '@framecast/client';
import { Avatar, Button, ChannelBanner, formatCount, SettingsIcon, Skeleton } from '@framecast/ui';
import { useSyncExternalStore } from 'react';
import { FollowButton } from './follow-button.js';

export interface ChannelHeaderProps extends Pick<RemoteProps, 'client' | 'navigate'> {
  channel: Channel;
}

export function ChannelHeader({ channel, client, navigate }: ChannelHeaderProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const own = session.user?.handle === channel.handle;
  const name = channel.displayName || channel.handle;
  return (
    <header className="flex flex-col">
      <ChannelBanner handle={channel.handle} className="h-36 rounded-card sm:h-48" />
      <div className="flex flex-col gap-4 px-2 sm:flex-row sm:items-end sm:px-6">
        <Avatar name={name} src={channel.avatarUrl} size="xl" className="-mt-14 ring-4 ring-canvas" />
        <div className="flex min-w-0 flex-1 flex-col gap-1 sm:pb-1">
          <h1 className="truncate text-2xl font-bold tracking-tight text-fg sm:text-3xl">{name}</h1>
          <p className="text-sm text-muted">
            <span className="font-medium text-fg/80">@{channel.handle}</span>
            <span aria-hidden="true"> · </span>
            <span>{formatCount(channel.followerCount, 'follower')}</span>
            <span aria-hidden="true"> · </span>
            <span>{formatCount(channel.followingCount, 'following', 'following')}</span>
          </p>
        </div>
        <div className="sm:pb-1">
          {own ? (
            <Button
              variant="secondary"
              icon={<SettingsIcon className="size-4" />}
              onClick={() => navigate('/settings/profile')}
            >
              Edit profile
            </Button>
          ) : (
            <FollowButton channel={channel} client={client} navigate={navigate} />
          )}
        </div>
      </div>
    </header>
  );
}

export function ChannelHeaderSkeleton() {
  return (
    <div role="status" aria-label="Loading channel" className="flex flex-col">
      <Skeleton className="h-36 rounded-card sm:h-48" />
      <div className="flex flex-col gap-4 px-2 sm:flex-row sm:items-end sm:px-6">
        <Skeleton className="-mt-14 size-28 rounded-full ring-4 ring-canvas" />
        <div className="flex flex-1 flex-col gap-2 pb-1">
          <Skeleton className="h-7 w-56 rounded" />
          <Skeleton className="h-4 w-72 rounded" />
        </div>
      </div>
    </div>
  );
}
