import type {
  BellLevel,
  Delivery,
  EventPayloads,
  NoticeMessage,
  NotificationFanoutJob,
  NotificationItem,
  NotificationKind,
} from '@framecast/contracts';
import type { NotificationRow, NotificationSubject } from '../notification.tables.js';

/** What each kind does when the reader never chose: the bell always; mail and push for what happens on air. */
export const defaultDelivery: Readonly<Record<NotificationKind, Delivery>> = {
  live: { inApp: true, email: true, push: true },
  video: { inApp: true, email: true, push: true },
  follow: { inApp: true, email: false, push: false },
  mention: { inApp: true, email: false, push: true },
};

/** The bells that hear of a channel's event: `live` hears only streams beginning. */
export function bellsHearing(kind: 'live' | 'video'): BellLevel[] {
  return kind === 'live' ? ['all', 'live'] : ['all'];
}

/** One notification to store for one reader. */
export interface Notice {
  userId: string;
  kind: NotificationKind;
  eventId: string;
  channelId: string;
  channelHandle: string;
  subject: NotificationSubject;
  at: Date;
}

/** The channel's event to tell its followers of, or null when there is none (a video not public). Pure. */
export function channelAnnouncement(
  event:
    | { id: string; type: 'stream.started'; payload: EventPayloads['stream.started'] }
    | { id: string; type: 'video.ready'; payload: EventPayloads['video.ready']; occurredAt: string },
): Omit<NotificationFanoutJob, 'after' | 'upTo'> | null {
  if (event.type === 'stream.started') {
    const p = event.payload;
    return {
      eventId: event.id,
      kind: 'live',
      channelId: p.channelId,
      channelHandle: p.channelHandle,
      subjectId: p.sessionId,
      title: p.title,
      at: p.startedAt,
    };
  }
  const p = event.payload;
  // Unlisted and private videos are for those given the link.
  if (p.visibility !== 'public') return null;
  return {
    eventId: event.id,
    kind: 'video',
    channelId: p.channelId,
    channelHandle: p.channelHandle,
    subjectId: p.videoId,
    title: p.title,
    at: event.occurredAt,
  };
}

/**
 * The batches of a fan-out, from the ids that end each full batch (every `size`-th follower in id order): one job
 * per range, the last one open-ended so followers added meanwhile are not missed. Pure.
 */
export function fanoutBatches(
  announcement: Omit<NotificationFanoutJob, 'after' | 'upTo'>,
  boundaries: readonly string[],
): NotificationFanoutJob[] {
  const edges = [null, ...boundaries, null];
  const jobs: NotificationFanoutJob[] = [];
  for (let i = 0; i + 1 < edges.length; i++) jobs.push({ ...announcement, after: edges[i]!, upTo: edges[i + 1]! });
  return jobs;
}

/** What a batch stores for each follower it reaches. Pure. */
export function subjectOf(job: Pick<NotificationFanoutJob, 'kind' | 'subjectId' | 'title'>): NotificationSubject {
  return job.kind === 'live'
    ? { stream: { sessionId: job.subjectId, title: job.title } }
    : { video: { id: job.subjectId, title: job.title } };
}

/** What a batch's notification says, for its e-mail. Pure. */
export function messageOfBatch(job: NotificationFanoutJob): NoticeMessage {
  return {
    eventId: job.eventId,
    kind: job.kind,
    channelId: job.channelId,
    channelHandle: job.channelHandle,
    at: job.at,
    ...subjectOf(job),
  };
}

/** What one stored notification says, for its e-mail. Pure. */
export function messageOf(notice: Notice): NoticeMessage {
  return {
    eventId: notice.eventId,
    kind: notice.kind,
    channelId: notice.channelId,
    channelHandle: notice.channelHandle,
    at: notice.at.toISOString(),
    ...notice.subject,
  };
}

/** The channel is told of a new follower; nobody is told of their own follow. Pure. */
export function followNotice(event: { id: string; occurredAt: string; payload: EventPayloads['user.followed'] }) {
  const p = event.payload;
  if (p.followerId === p.channelId) return null;
  return {
    userId: p.channelId,
    kind: 'follow',
    eventId: event.id,
    channelId: p.followerId,
    channelHandle: p.followerHandle,
    subject: {},
    at: new Date(event.occurredAt),
  } satisfies Notice;
}

/** The account named in chat is told; nobody is told of their own message. Pure. */
export function mentionNotice(event: { id: string; payload: EventPayloads['chat.mention'] }) {
  const p = event.payload;
  if (p.fromUserId === p.mentionedUserId) return null;
  return {
    userId: p.mentionedUserId,
    kind: 'mention',
    eventId: event.id,
    channelId: p.channelId,
    channelHandle: p.channelHandle,
    subject: {
      mention: { messageId: p.messageId, excerpt: p.excerpt, from: { id: p.fromUserId, handle: p.fromHandle } },
    },
    at: new Date(p.sentAt),
  } satisfies Notice;
}

/** A follower who unfollowed and followed again is told once a day at most. */
export const FOLLOW_NOTICE_QUIET_MS = 24 * 3600_000;

/** A stored notification as the API shows it. Pure. */
export function toItem(
  row: Pick<NotificationRow, 'id' | 'kind' | 'created_at' | 'read_at' | 'channel_id' | 'channel_handle' | 'subject'>,
): NotificationItem {
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
    channel: { id: row.channel_id, handle: row.channel_handle },
    stream: row.subject.stream ?? null,
    video: row.subject.video ?? null,
    mention: row.subject.mention ?? null,
  };
}
