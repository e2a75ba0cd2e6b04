import type { NotificationItem } from '@framecast/client';

const at = (handle: string) => `@${handle}`;

/** What happened, in a line: "@alice went live: Speedrun", "@carol followed you". Pure. */
export function notificationText(item: NotificationItem): string {
  const channel = at(item.channel.handle);
  switch (item.kind) {
    case 'live':
      return item.stream?.title ? `${channel} went live: ${item.stream.title}` : `${channel} went live`;
    case 'video':
      return item.video?.title ? `${channel} published ${item.video.title}` : `${channel} published a video`;
    case 'follow':
      return `${channel} followed you`;
    case 'mention': {
      const from = item.mention?.from.handle;
      if (!from || from === item.channel.handle) return `${at(from ?? item.channel.handle)} mentioned you in chat`;
      return `${at(from)} mentioned you in ${channel}’s chat`;
    }
  }
}

/** A second line where the kind has one: the words of a mention. Pure. */
export function notificationDetail(item: NotificationItem): string | null {
  return item.kind === 'mention' && item.mention?.excerpt ? `“${item.mention.excerpt}”` : null;
}

/** Where a notification leads: the live page, the video, the follower's channel, the chat (on the live page). Pure. */
export function notificationHref(item: NotificationItem): string {
  const channel = encodeURIComponent(item.channel.handle);
  switch (item.kind) {
    case 'live':
    case 'mention':
      return `/live/${channel}`;
    case 'video':
      return item.video ? `/watch/${encodeURIComponent(item.video.id)}` : `/c/${channel}`;
    case 'follow':
      return `/c/${channel}`;
  }
}

/** The bell's badge: nothing at zero, the count up to 99, then "99+". Pure. */
export function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? '99+' : String(unread);
}

/** The bell button's accessible name, which says the count the badge shows. Pure. */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
}
