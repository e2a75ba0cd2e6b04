import { type ChatUser, type FramecastClient, queryKeys } from '@framecast/client';
import { chatApiErrorText } from '@framecast/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

/** A timeout from the message menu: ten minutes. */
export const MENU_TIMEOUT_SECONDS = 600;

/** What a moderator does from a message's menu. */
export type ChatModeration =
  | { kind: 'delete'; id: string; user: ChatUser }
  | { kind: 'timeout'; user: ChatUser }
  | { kind: 'ban'; user: ChatUser; reason: string }
  | { kind: 'grant'; list: 'moderators' | 'vips'; user: ChatUser; on: boolean };

const nameOf = (user: ChatUser) => user.displayName || user.handle;

/** What happened, in words, once the server took it. */
export function moderationDone(action: ChatModeration): string {
  const name = nameOf(action.user);
  switch (action.kind) {
    case 'delete':
      return `${name}’s message is deleted.`;
    case 'timeout':
      return `${name} is timed out for 10 minutes.`;
    case 'ban':
      return `${name} is banned from this chat.`;
    case 'grant': {
      const role = action.list === 'moderators' ? 'a moderator' : 'a VIP';
      return action.on ? `${name} is now ${role}.` : `${name} is no longer ${role}.`;
    }
  }
}

/**
 * The message menu's actions over the chat's REST calls, and what the last one came to (a sentence to show): the
 * room's own frames (`deleted`, `cleared`) then change what everyone sees.
 */
export function useChatModeration(client: FramecastClient, handle: string) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const mutation = useMutation({
    mutationFn: (action: ChatModeration) => {
      const user = action.user.handle;
      switch (action.kind) {
        case 'delete':
          return client.chat.deleteMessage(handle, action.id).then(() => undefined);
        case 'timeout':
          return client.chat.bans.add(handle, user, { durationSeconds: MENU_TIMEOUT_SECONDS }).then(() => undefined);
        case 'ban':
          return client.chat.bans
            .add(handle, user, action.reason ? { reason: action.reason } : {})
            .then(() => undefined);
        case 'grant': {
          const list = client.chat[action.list];
          return action.on ? list.add(handle, user) : list.remove(handle, user);
        }
      }
    },
    onMutate: () => setNotice(null),
    onSuccess: (_done, action) => setNotice({ tone: 'success', text: moderationDone(action) }),
    onError: (error) => setNotice({ tone: 'error', text: chatApiErrorText(error) }),
    // The studio's lists of this room (bans, moderators, the log) show it next time.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.chat }),
  });
  return {
    act: mutation.mutate,
    busy: mutation.isPending,
    notice,
    dismissNotice: () => setNotice(null),
  };
}
