import { type ChatGrantKind, type FramecastClient, nextCursorOf, queryKeys, type Viewer } from '@framecast/client';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';

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
