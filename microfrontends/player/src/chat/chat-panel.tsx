import { type ChatState, type ChatUser, type FramecastClient, queryKeys, signInPath } from '@framecast/client';
import {
  Alert,
  Button,
  ChatIcon,
  ConfirmDialog,
  chatProblemText,
  cn,
  formatCount,
  Skeleton,
  Spinner,
  TextField,
  UsersIcon,
  useViewer,
  XIcon,
} from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ChatComposer } from './chat-composer.js';
import { ChatMessageRow, PendingRow } from './chat-line.js';
import { ChatLineMenu } from './chat-line-menu.js';
import { ChatMessages, type ChatMessagesHandle } from './chat-messages.js';
import { useChatModeration } from './chat-moderation.hook.js';
import { useChatRoom, useNow } from './chat-room.hook.js';
import { chatStanding, composerMode, moderates } from './chat-standing.js';

export interface ChatPanelProps {
  client: FramecastClient;
  /** The channel whose room this is: live and on-demand pages of a channel share it. */
  handle: string;
  navigate: (to: string) => void;
  /** Where "Sign in to chat" comes back to: the page's own path. */
  returnTo: string;
  /** Whether the signed-in user follows the channel, when known (followers-only mode says so before sending). */
  following?: boolean;
  className?: string;
}

const skeletonWidths = ['w-3/4', 'w-1/2', 'w-5/6', 'w-2/3', 'w-3/5'];

/** Loading: a few lines' worth of placeholders. */
function ChatSkeleton() {
  return (
    <div role="status" aria-label="Loading the chat" className="flex flex-col gap-3 px-3 py-3">
      {skeletonWidths.map((width) => (
        <Skeleton key={width} className={cn('h-4 rounded', width)} />
      ))}
    </div>
  );
}

/** The room could not be joined: why, and a way to try at once. */
function ChatFailed({ state, onRetry }: { state: ChatState; onRetry: () => void }) {
  const missing = state.failure === 'room_not_found';
  return (
    <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center">
      <span className="flex size-10 items-center justify-center rounded-full bg-danger-soft text-danger">
        <ChatIcon />
      </span>
      <div className="flex flex-col gap-1">
        <p className="text-sm font-semibold text-fg">
          {missing ? 'This chat does not exist' : 'Chat could not connect'}
        </p>
        <p className="text-xs text-muted">
          {missing
            ? 'This channel has no chat room. It may have been deleted.'
            : 'The chat server did not answer. It keeps trying by itself.'}
        </p>
      </div>
      <Button variant="secondary" size="sm" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

/**
 * A channel's chat beside its player: the messages (following the newest unless the reader scrolled up), who is
 * here, the room's modes, and the input; for moderators a menu on each message. Live frames from the room's socket;
 * the caller's ban and rights from `GET /api/chat/:handle`.
 */
export function ChatPanel({ client, handle, navigate, returnTo, following, className }: ChatPanelProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const viewer = useViewer(client);
  const { room, state } = useChatRoom(client, handle);
  const roomInfo = useQuery({
    queryKey: queryKeys.chatRoom(handle, viewer ?? null),
    queryFn: () => client.chat.room(handle),
    enabled: viewer !== undefined && viewer !== null,
  });
  // Whenever the caller's standing may have moved (banned, timed out, cleared, signed in), the room is read again.
  const standingVersion = state?.standing ?? 0;
  const { refetch } = roomInfo;
  useEffect(() => {
    if (standingVersion > 1 && viewer) void refetch();
  }, [standingVersion, viewer, refetch]);

  const restrictedUntil =
    state?.restriction?.until ?? (roomInfo.data?.ban?.until ? Date.parse(roomInfo.data.ban.until) : 0);
  const now = useNow(restrictedUntil > Date.now(), 1000);
  const standing = state ? chatStanding(state.restriction, roomInfo.data, roomInfo.dataUpdatedAt, now) : null;
  const mode = composerMode(session, state, standing);
  const role = state?.role ?? roomInfo.data?.role ?? null;
  const canModerate = roomInfo.data?.canModerate ?? moderates(role);
  const broadcaster = role === 'broadcaster';
  const me = state?.user?.handle ?? session.user?.handle ?? null;
  const mustFollow =
    state?.settings?.followersOnlyMinutes !== null &&
    state?.settings?.followersOnlyMinutes !== undefined &&
    following === false &&
    !moderates(role) &&
    role !== 'vip';

  const moderation = useChatModeration(client, handle);
  const [banning, setBanning] = useState<ChatUser | null>(null);
  const [reason, setReason] = useState('');
  const list = useRef<ChatMessagesHandle>(null);

  const lines = state?.lines ?? [];
  const pending = state?.pending ?? [];
  const loaded = state?.loaded ?? false;

  return (
    <section
      aria-label="Chat"
      data-testid="chat-panel"
      data-status={state?.status ?? 'connecting'}
      className={cn('flex min-h-0 flex-col overflow-hidden rounded-card border border-line bg-surface', className)}
    >
      <header className="flex items-center gap-2 border-b border-line px-3 py-2.5">
        <h2 className="text-sm font-bold tracking-wide text-fg uppercase">Chat</h2>
        {state?.status === 'reconnecting' && (
          <span className="flex items-center gap-1.5 text-xs text-warning" role="status">
            <Spinner />
            Reconnecting…
          </span>
        )}
        {state?.presence !== null && state?.presence !== undefined && (
          <span className="ml-auto flex items-center gap-1 text-xs text-muted" data-testid="chat-presence">
            <UsersIcon className="size-3.5" aria-hidden="true" />
            {formatCount(state.presence, 'person', 'people')} here
          </span>
        )}
      </header>

      {!state || (!loaded && state.status !== 'failed') ? (
        <div className="min-h-0 flex-1">
          <ChatSkeleton />
        </div>
      ) : state.status === 'failed' && !loaded ? (
        <ChatFailed state={state} onRetry={() => room?.retry()} />
      ) : (
        <ChatMessages
          ref={list}
          newest={lines.at(-1)?.id ?? null}
          pendingCount={pending.length}
          banner={
            <>
              {state.status === 'failed' && (
                <div
                  className="mx-2 mb-2 flex items-center gap-2 rounded-control bg-danger-soft px-3 py-2 text-xs text-danger"
                  role="alert"
                >
                  <span className="flex-1">
                    {state.failure === 'room_not_found' ? 'This chat no longer exists.' : 'The chat is disconnected.'}
                  </span>
                  <Button size="sm" variant="secondary" className="h-6 px-2 text-xs" onClick={() => room?.retry()}>
                    Try again
                  </Button>
                </div>
              )}
              {state.error && (
                <p role="alert" className="mx-2 mb-2 rounded-control bg-raised px-3 py-2 text-xs text-muted">
                  {chatProblemText(state.error, state.settings)}
                </p>
              )}
              {lines.length === 0 && pending.length === 0 && (
                <div className="flex flex-col items-center gap-2 px-6 py-12 text-center" data-testid="chat-empty">
                  <span className="flex size-10 items-center justify-center rounded-full bg-raised text-muted">
                    <ChatIcon />
                  </span>
                  <p className="text-sm font-semibold text-fg">No messages yet — say hi</p>
                  <p className="text-xs text-muted">Messages from everyone watching show here.</p>
                </div>
              )}
            </>
          }
        >
          {lines.map((line) => (
            <ChatMessageRow
              key={line.id}
              line={line}
              settings={state.settings}
              me={me}
              menu={
                canModerate &&
                line.user.handle.toLowerCase() !== me?.toLowerCase() &&
                !line.user.badges.includes('broadcaster') ? (
                  <ChatLineMenu
                    line={line}
                    broadcaster={broadcaster}
                    onAct={moderation.act}
                    onBan={() => {
                      setReason('');
                      setBanning(line.user);
                    }}
                  />
                ) : undefined
              }
            />
          ))}
          {pending.map((item) => (
            <PendingRow
              key={item.nonce}
              item={item}
              user={state.user}
              settings={state.settings}
              onDismiss={() => room?.dismiss(item.nonce)}
              onRetry={() => {
                room?.dismiss(item.nonce);
                room?.send(item.text);
              }}
            />
          ))}
        </ChatMessages>
      )}

      {moderation.notice && (
        <div className="flex items-start gap-2 border-t border-line px-3 py-2">
          <Alert tone={moderation.notice.tone} className="flex-1 py-1.5 text-xs">
            {moderation.notice.text}
          </Alert>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={moderation.dismissNotice}
            className="mt-1.5 rounded-control text-muted hover:text-fg"
          >
            <XIcon className="size-4" />
          </button>
        </div>
      )}

      <ChatComposer
        mode={mode}
        state={state}
        room={room}
        standing={standing}
        mustFollow={mustFollow}
        onSignIn={() => navigate(signInPath(returnTo))}
        onSent={() => list.current?.toNewest()}
      />

      <ConfirmDialog
        open={banning !== null}
        title={`Ban ${banning?.displayName || banning?.handle || ''} from this chat?`}
        confirmLabel="Ban"
        tone="danger"
        busy={moderation.busy}
        onCancel={() => setBanning(null)}
        onConfirm={() => {
          if (!banning) return;
          moderation.act({ kind: 'ban', user: banning, reason: reason.trim() });
          setBanning(null);
        }}
      >
        <div className="flex flex-col gap-3">
          <p>Their messages are removed and they can no longer chat here, until they are unbanned in the studio.</p>
          <TextField
            label="Reason (optional)"
            name="reason"
            value={reason}
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
      </ConfirmDialog>
    </section>
  );
}
