import { type FramecastClient, pageItems, type Viewer } from '@framecast/client';
import { useTopic } from '@framecast/ui';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  afterReadElsewhere,
  type NotificationPages,
  unreadCountOf,
  withAllRead,
  withArrived,
  withRead,
} from './notifications.cache.js';
import { notificationsQuery } from './notifications.queries.js';

/**
 * The bell's state: the reader's notifications a page at a time, kept current by their own topic (`user:<id>`) —
 * each new one is put on top and counted at once, reads on the reader's other pages are followed, and a `reload`
 * (missed messages) loads the list again — and marking read, shown at once and loaded again if the server refused.
 */
export function useNotifications(client: FramecastClient, viewer: Viewer) {
  const queryClient = useQueryClient();
  const options = notificationsQuery(client, viewer);
  const key = options.queryKey;
  const query = useInfiniteQuery(options);
  const current = () => queryClient.getQueryData<NotificationPages>(key);
  const update = (change: (data: NotificationPages) => NotificationPages) =>
    queryClient.setQueryData<NotificationPages>(key, (data) => data && change(data));
  const refetch = () => void queryClient.invalidateQueries({ queryKey: key });

  useTopic(client.realtime, viewer ? `user:${viewer}` : null, {
    onMessage(notice) {
      if (notice.kind === 'notification') {
        if (!current()) return refetch();
        update((data) => withArrived(data, notice.notification));
      } else if (notice.kind === 'notifications-read') {
        const effect = afterReadElsewhere(current(), notice.unreadCount);
        if (effect === 'allRead') update((data) => withAllRead(data, new Date().toISOString()));
        if (effect === 'refetch') refetch();
      }
    },
    onReload: refetch,
  });

  const markRead = useMutation({
    mutationFn: (ids: string[]) => client.notifications.markRead(ids),
    onMutate: (ids) => update((data) => withRead(data, ids, new Date().toISOString())),
    onError: refetch,
  });
  const markAllRead = useMutation({
    mutationFn: () => client.notifications.markAllRead(),
    onMutate: () => update((data) => withAllRead(data, new Date().toISOString())),
    onError: refetch,
  });

  return {
    query,
    items: query.data ? pageItems(query.data) : [],
    unreadCount: unreadCountOf(query.data),
    /** Marks one read as it is opened (nothing when it is read already). */
    opened(id: string) {
      const item = query.data && pageItems(query.data).find((listed) => listed.id === id);
      if (item && item.readAt === null) markRead.mutate([id]);
    },
    markAllRead,
  };
}
