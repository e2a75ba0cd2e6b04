import type { ChatSettings, RemoteProps } from '@framecast/client';
import { AppLink, buttonClasses, QueryState, Skeleton, useViewer } from '@framecast/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import '../app.css';
import { BlockedTermsSection } from '../chat/blocked-terms.section.js';
import { chatRoomQuery, refreshAfterChange } from '../chat/chat.queries.js';
import { ChatBansSection } from '../chat/chat-bans.section.js';
import { ChatLogSection } from '../chat/chat-log.section.js';
import { ChatModesForm } from '../chat/chat-modes.form.js';
import { ChatRolesSection } from '../chat/chat-roles.section.js';
import { scoped } from '../remote.js';

/**
 * The studio's chat page: the room's modes, moderators and VIPs, bans, blocked terms and the moderation log of the
 * signed-in creator's own channel.
 */
function StudioChatView({ client, navigate }: RemoteProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const handle = session.user?.handle ?? '';
  const viewer = useViewer(client) ?? null;
  const queryClient = useQueryClient();
  const roomQuery = chatRoomQuery(client, handle, viewer);
  const room = useQuery(roomQuery);
  const save = useMutation({
    mutationFn: (patch: Parameters<typeof client.chat.updateSettings>[1]) => client.chat.updateSettings(handle, patch),
    onSuccess: (settings: ChatSettings) => {
      queryClient.setQueryData(roomQuery.queryKey, (current) => (current ? { ...current, settings } : current));
      return refreshAfterChange(queryClient, handle, viewer, null);
    },
  });

  return (
    <div className="flex flex-col gap-8">
      <title>Chat · Studio · Framecast</title>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-bold tracking-tight text-fg">Chat</h1>
          <p className="text-sm text-muted">
            Your channel’s chat: how people can talk, who helps you keep it friendly.
          </p>
        </div>
        {handle && (
          <AppLink href={`/live/${handle}`} navigate={navigate} className={buttonClasses('secondary', 'sm')}>
            Open your chat
          </AppLink>
        )}
      </header>
      <QueryState
        query={room}
        errorTitle="Your chat could not be loaded"
        loading={
          <div role="status" aria-label="Loading your chat settings" className="grid gap-6 lg:grid-cols-2">
            <Skeleton className="h-96 rounded-card" />
            <Skeleton className="h-96 rounded-card" />
          </div>
        }
      >
        {(data) => (
          <div className="flex flex-col gap-6">
            <div className="grid items-start gap-6 lg:grid-cols-2">
              <div className="flex min-w-0 flex-col gap-6">
                <ChatModesForm
                  // A save (or a change elsewhere) starts the form again from what the room now has.
                  key={JSON.stringify(data.settings)}
                  settings={data.settings}
                  saving={save.isPending}
                  saveError={save.error}
                  saved={save.isSuccess}
                  onSave={(patch) => save.mutate(patch)}
                />
                <BlockedTermsSection client={client} handle={handle} viewer={viewer} />
              </div>
              <div className="flex min-w-0 flex-col gap-6">
                <ChatRolesSection client={client} handle={handle} viewer={viewer} kind="moderators" />
                <ChatRolesSection client={client} handle={handle} viewer={viewer} kind="vips" />
                <ChatBansSection client={client} handle={handle} viewer={viewer} />
              </div>
            </div>
            <ChatLogSection client={client} handle={handle} viewer={viewer} />
          </div>
        )}
      </QueryState>
    </div>
  );
}

export default scoped(StudioChatView);
