import type {
  BlockedTerm,
  ChatBan,
  ChatBanBody,
  ChatLogEntry,
  ChatRoleGrant,
  ChatRoom,
  ChatSettings,
  ChatSettingsPatch,
} from '@framecast/contracts';
import type { Send } from './http.js';

/** A page of the moderation log, newest first. */
export interface ChatLogPage {
  items: ChatLogEntry[];
  nextCursor: string | null;
}

/** Roles the broadcaster grants. */
export type ChatGrantKind = 'moderators' | 'vips';

/** The REST side of chat (`/api/chat/:handle/…`): the room as the caller sees it, and moderation. */
export function chatApi(send: Send) {
  const room = (handle: string) => `/api/chat/${encodeURIComponent(handle)}`;
  const item = (handle: string, list: string, id: string) => `${room(handle)}/${list}/${encodeURIComponent(id)}`;
  const grants = (kind: ChatGrantKind) => ({
    list: (handle: string) => send<{ items: ChatRoleGrant[] }>({ method: 'GET', path: `${room(handle)}/${kind}` }),
    add: (handle: string, user: string) => send<void>({ method: 'PUT', path: item(handle, kind, user) }),
    remove: (handle: string, user: string) => send<void>({ method: 'DELETE', path: item(handle, kind, user) }),
  });
  return {
    /** The room's settings and the caller's role, moderation rights and ban. */
    room: (handle: string) => send<ChatRoom>({ method: 'GET', path: room(handle) }),
    /** Broadcaster and moderators. */
    updateSettings: (handle: string, patch: ChatSettingsPatch) =>
      send<ChatSettings>({ method: 'PATCH', path: `${room(handle)}/settings`, json: patch }),
    deleteMessage: (handle: string, id: string) => send<void>({ method: 'DELETE', path: item(handle, 'messages', id) }),
    /** Every message of `user`, or without it the whole chat. */
    clearMessages: (handle: string, user?: string) =>
      send<void>({ method: 'DELETE', path: `${room(handle)}/messages`, query: { user } }),
    /** Broadcaster only. */
    moderators: grants('moderators'),
    /** Broadcaster only. */
    vips: grants('vips'),
    bans: {
      list: (handle: string) => send<{ items: ChatBan[] }>({ method: 'GET', path: `${room(handle)}/bans` }),
      /** With `durationSeconds` a timeout, else a ban for good. */
      add: (handle: string, user: string, body: ChatBanBody = {}) =>
        send<ChatBan>({ method: 'PUT', path: item(handle, 'bans', user), json: body }),
      remove: (handle: string, user: string) => send<void>({ method: 'DELETE', path: item(handle, 'bans', user) }),
    },
    blockedTerms: {
      list: (handle: string) =>
        send<{ items: BlockedTerm[] }>({ method: 'GET', path: `${room(handle)}/blocked-terms` }),
      add: (handle: string, term: string) =>
        send<BlockedTerm>({ method: 'POST', path: `${room(handle)}/blocked-terms`, json: { term } }),
      remove: (handle: string, id: string) => send<void>({ method: 'DELETE', path: item(handle, 'blocked-terms', id) }),
    },
    log: (handle: string, query: { cursor?: string; limit?: number } = {}) =>
      send<ChatLogPage>({ method: 'GET', path: `${room(handle)}/log`, query: { ...query } }),
  };
}
