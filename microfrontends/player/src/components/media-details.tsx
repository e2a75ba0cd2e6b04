import type { Channel } from '@framecast/client';
import { AppLink, Avatar, formatCount } from '@framecast/ui';
import type { ReactNode } from 'react';

export interface MediaDetailsProps {
  title: string;
  /** Under the title, e.g. a stream's category. */
  subtitle?: ReactNode;
  /** The channel's handle: it links to the channel whether or not `channel` has answered. */
  handle: string;
  /** The channel's name, avatar and followers, once they answer. */
  channel: Channel | undefined;
  navigate: (to: string) => void;
  /** At the end of the channel's row, e.g. LIVE and the viewers. */
  meta?: ReactNode;
  /** Below, e.g. a video's views, date and description. */
  children?: ReactNode;
}

/** Under a player: the title, then the channel (avatar, name, followers) with what the page adds. */
export function MediaDetails({ title, subtitle, handle, channel, navigate, meta, children }: MediaDetailsProps) {
  const name = channel?.displayName || handle;
  const href = `/c/${handle}`;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-bold tracking-tight text-fg sm:text-2xl">{title}</h1>
        {subtitle}
      </div>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
        <div className="flex min-w-0 items-center gap-3">
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
            <AppLink
              href={href}
              navigate={navigate}
              className="truncate text-sm font-semibold text-fg hover:text-brand"
            >
              {name}
            </AppLink>
            {channel && <span className="text-xs text-muted">{formatCount(channel.followerCount, 'follower')}</span>}
          </div>
        </div>
        {meta && <div className="flex flex-wrap items-center gap-3 text-sm text-muted sm:ml-auto">{meta}</div>}
      </div>
      {children}
    </div>
  );
}
