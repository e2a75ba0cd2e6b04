import type { NoticeMessage, PushPayload } from '@framecast/contracts';
import { describeNotice } from '../mail/mail.templates.js';

/** What the browser shows for a notification; one tag per kind and channel, so a newer one replaces the older. Pure. */
export function pushPayload(notice: NoticeMessage, publicUrl: string): PushPayload {
  const { line, url } = describeNotice(notice, publicUrl);
  const title =
    notice.kind === 'live'
      ? `${notice.channelHandle} is live`
      : notice.kind === 'video'
        ? `New video from ${notice.channelHandle}`
        : notice.kind === 'follow'
          ? 'New follower'
          : `${notice.mention?.from.handle ?? 'Someone'} mentioned you`;
  return { kind: notice.kind, title, body: line, url, tag: `${notice.kind}:${notice.channelId}` };
}

/** How long a push service keeps trying: a stream start is stale within the hour, the rest within a day. Pure. */
export function pushTtlSeconds(kind: NoticeMessage['kind']): number {
  return kind === 'live' ? 3600 : 86_400;
}
