import { type ChatGrantKind, type FramecastClient, nextCursorOf, queryKeys, type Viewer } from '@framecast/client';
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';

/** The moderation log, a page at a time. */
export const CHAT_LOG_PAGE = 25;

/** The creator's own room as they see it: its settings, their role. */
export function chatRoomQuery(client: FramecastClient, handle: string, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.chatRoom(handle, viewer),
    queryFn: () => client.chat.room(handle),
    enabled: viewer !== null && handle !== '',
  });
}

export function chatGrantsQuery(client: FramecastClient, handle: string, kind: ChatGrantKind, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.chatList(handle, kind, viewer),
    queryFn: async () => (await client.chat[kind].list(handle)).items,
    enabled: viewer !== null && handle !== '',
  });
}

export function chatBansQuery(client: FramecastClient, handle: string, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.chatList(handle, 'bans', viewer),
    queryFn: async () => (await client.chat.bans.list(handle)).items,
    enabled: viewer !== null && handle !== '',
  });
}

export function blockedTermsQuery(client: FramecastClient, handle: string, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.chatList(handle, 'blocked-terms', viewer),
    queryFn: async () => (await client.chat.blockedTerms.list(handle)).items,
    enabled: viewer !== null && handle !== '',
  });
}

/** Newest first, through the API's cursor. */
export function chatLogQuery(client: FramecastClient, handle: string, viewer: Viewer) {
  return infiniteQueryOptions({
    queryKey: queryKeys.chatList(handle, 'log', viewer),
    queryFn: ({ pageParam }) => client.chat.log(handle, { limit: CHAT_LOG_PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursorOf,
    enabled: viewer !== null && handle !== '',
  });
}

/** After a change: the list it changed loads again, and the log, which now has an entry for it. */
export function refreshAfterChange(
  queryClient: QueryClient,
  handle: string,
  viewer: Viewer,
  list: 'moderators' | 'vips' | 'bans' | 'blocked-terms' | null,
) {
  return Promise.all([
    list ? queryClient.invalidateQueries({ queryKey: queryKeys.chatList(handle, list, viewer) }) : null,
    queryClient.invalidateQueries({ queryKey: queryKeys.chatList(handle, 'log', viewer) }),
  ]);
}
