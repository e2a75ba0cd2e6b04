import type { NotificationItem, NotificationPage } from '@framecast/client';
import type { InfiniteData } from '@tanstack/react-query';

/** The bell's pages as the infinite query holds them. Its count is the first page's: the one pushes keep current. */
export type NotificationPages = InfiniteData<NotificationPage, string | undefined>;

/** How many are unread, of all the reader's notifications (not only those loaded). Pure. */
export function unreadCountOf(data: Pick<NotificationPages, 'pages'> | undefined): number {
  return data?.pages[0]?.unreadCount ?? 0;
}

const withFirstPage = (data: NotificationPages, change: (page: NotificationPage) => NotificationPage) => ({
  ...data,
  pages: data.pages.map((page, i) => (i === 0 ? change(page) : page)),
});

const markItems = (data: NotificationPages, read: (item: NotificationItem) => boolean, at: string) => ({
  ...data,
  pages: data.pages.map((page) => ({
    ...page,
    items: page.items.map((item) => (item.readAt === null && read(item) ? { ...item, readAt: at } : item)),
  })),
});

/** A pushed notification at the top, counted if unread; the same pages when it is listed already. Pure. */
export function withArrived(data: NotificationPages, item: NotificationItem): NotificationPages {
  if (data.pages.some((page) => page.items.some((listed) => listed.id === item.id))) return data;
  return withFirstPage(data, (page) => ({
    ...page,
    items: [item, ...page.items],
    unreadCount: page.unreadCount + (item.readAt === null ? 1 : 0),
  }));
}

/**
 * Those notifications read at `at`; the count is the server's when it answered, else one less for each that was
 * unread. Pure.
 */
export function withRead(
  data: NotificationPages,
  ids: readonly string[],
  at: string,
  unreadCount?: number,
): NotificationPages {
  const wanted = new Set(ids);
  let newlyRead = 0;
  for (const page of data.pages) {
    for (const item of page.items) if (item.readAt === null && wanted.has(item.id)) newlyRead++;
  }
  const marked = markItems(data, (item) => wanted.has(item.id), at);
  return withFirstPage(marked, (page) => ({
    ...page,
    unreadCount: unreadCount ?? Math.max(0, page.unreadCount - newlyRead),
  }));
}

/** Every notification read at `at`, none unread. Pure. */
export function withAllRead(data: NotificationPages, at: string): NotificationPages {
  return withFirstPage(
    markItems(data, () => true, at),
    (page) => ({ ...page, unreadCount: 0 }),
  );
}

/**
 * What the bell does when another of the reader's pages marked notifications read (`notifications-read`): nothing
 * when it shows that count already (its own marking, echoed), every one read at zero, else load again — which were
 * read is not said. Pure.
 */
export function afterReadElsewhere(data: NotificationPages | undefined, unreadCount: number) {
  if (!data) return 'refetch' as const;
  if (unreadCountOf(data) === unreadCount) return 'nothing' as const;
  return unreadCount === 0 ? ('allRead' as const) : ('refetch' as const);
}
