import { type FramecastClient, nextCursorOf, queryKeys, type Viewer } from '@framecast/client';
import { infiniteQueryOptions } from '@tanstack/react-query';

/** Notifications the bell loads at a time. */
export const NOTIFICATIONS_PAGE = 20;

/** The signed-in reader's notifications, newest first, with the unread count of all of them. */
export function notificationsQuery(client: FramecastClient, viewer: Viewer) {
  return infiniteQueryOptions({
    queryKey: queryKeys.notificationList(viewer),
    queryFn: ({ pageParam }) => client.notifications.list({ limit: NOTIFICATIONS_PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursorOf,
    enabled: viewer !== null,
    // New ones are pushed as they come (and a missed push reloads): coming back to the tab need not ask again.
    staleTime: 60_000,
  });
}
