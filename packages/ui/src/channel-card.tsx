import type { ReactNode } from 'react';
import { AppLink } from './app-link.js';
import { Avatar } from './avatar.js';
import { Card } from './card.js';
import { formatCount, hueOf } from './format.js';

/** The part of a channel a card shows; structurally compatible with the API's Channel. */
export interface ChannelSummary {
  handle: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
  followerCount: number;
}

export interface ChannelCardProps {
  channel: ChannelSummary;
  href: string;
  navigate: (to: string) => void;
  /** A control under the text, typically the follow button. */
  action?: ReactNode;
}

/** A banner strip in the channel's colour, its avatar, name, handle, followers and bio. */
export function ChannelCard({ channel, href, navigate, action }: ChannelCardProps) {
  const name = channel.displayName || channel.handle;
  return (
    <Card
      interactive
      className="group relative flex h-full flex-col overflow-hidden has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-brand"
    >
      <ChannelBanner handle={channel.handle} className="h-16" />
      <div className="flex flex-1 flex-col gap-3 px-4 pb-4">
        <Avatar
          name={name}
          src={channel.avatarUrl}
          size="lg"
          className="-mt-8 ring-4 ring-surface group-hover:ring-raised"
        />
        <div className="flex min-w-0 flex-col">
          {/* The name's link covers the whole card; the action sits above it. */}
          <AppLink
            href={href}
            navigate={navigate}
            className="truncate text-base font-semibold text-fg after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
          >
            {name}
          </AppLink>
          <p className="truncate text-sm text-muted">@{channel.handle}</p>
          <p className="text-xs text-subtle">{formatCount(channel.followerCount, 'follower')}</p>
        </div>
        <p className="line-clamp-2 min-h-10 text-sm text-muted">{channel.bio || 'No bio yet.'}</p>
        {action && <div className="relative z-10 mt-auto">{action}</div>}
      </div>
    </Card>
  );
}

/** A deterministic gradient per channel until channels can upload banners. */
export function ChannelBanner({ handle, className }: { handle: string; className?: string }) {
  const hue = hueOf(handle);
  return (
    <div
      aria-hidden="true"
      className={className}
      style={{
        background: `radial-gradient(120% 140% at 0% 0%, hsl(${hue} 75% 45% / 0.9), transparent 60%), radial-gradient(120% 140% at 100% 100%, hsl(${(hue + 60) % 360} 70% 35% / 0.9), transparent 60%), hsl(${hue} 30% 14%)`,
      }}
    />
  );
}
