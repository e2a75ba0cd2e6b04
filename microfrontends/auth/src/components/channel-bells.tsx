import type { BellLevel, NotificationPreferences } from '@framecast/client';
import { AppLink, Avatar, EmptyState, UsersIcon } from '@framecast/ui';
import { bellOrder, bellWords } from './notification-settings.words.js';

export interface ChannelBellsProps {
  channels: NotificationPreferences['channels'];
  onChange: (channelId: string, level: BellLevel) => void;
  navigate: (to: string) => void;
}

/** Every channel the reader follows, with what they hear of it. */
export function ChannelBells({ channels, onChange, navigate }: ChannelBellsProps) {
  if (channels.length === 0) {
    return (
      <EmptyState
        icon={<UsersIcon />}
        title="You don’t follow any channels yet"
        description="Follow a channel to choose here what you hear of it."
        size="sm"
      />
    );
  }
  return (
    <ul className="flex flex-col divide-y divide-line">
      {channels.map(({ channel, level }) => (
        <li key={channel.id} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0">
          <AppLink
            href={`/c/${encodeURIComponent(channel.handle)}`}
            navigate={navigate}
            className="flex min-w-0 items-center gap-3 rounded-control text-sm font-semibold text-fg hover:underline focus-visible:outline-2 focus-visible:outline-brand"
          >
            <span aria-hidden="true" className="flex">
              <Avatar name={channel.handle} size="sm" />
            </span>
            <span className="truncate">@{channel.handle}</span>
          </AppLink>
          <select
            aria-label={`Notifications from @${channel.handle}`}
            value={level}
            onChange={(event) => onChange(channel.id, event.target.value as BellLevel)}
            className="h-9 rounded-control border border-line bg-canvas px-3 text-sm text-fg focus-visible:outline-2 focus-visible:outline-brand"
          >
            {bellOrder.map((option) => (
              <option key={option} value={option}>
                {bellWords[option]}
              </option>
            ))}
          </select>
        </li>
      ))}
    </ul>
  );
}
