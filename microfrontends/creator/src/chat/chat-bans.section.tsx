import type { ChatBan, FramecastClient, Viewer } from '@framecast/client';
import {
  Alert,
  BanIcon,
  Button,
  Card,
  chatApiErrorText,
  EmptyState,
  formatWait,
  QueryState,
  Skeleton,
} from '@framecast/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { chatBansQuery, refreshAfterChange } from './chat.queries.js';
import { PersonRow, since } from './chat-people.js';

/** How a ban reads: for good, or the time left of a timeout. */
export function banTerm(ban: Pick<ChatBan, 'until'>, now: number): string {
  if (ban.until === null) return 'Banned for good';
  const left = Date.parse(ban.until) - now;
  return left > 0 ? `Timed out · ${formatWait(left)} left` : 'Timeout over';
}

/** Who is banned or timed out from the room, and why; unbanning lets them chat at once. */
export function ChatBansSection({
  client,
  handle,
  viewer,
}: {
  client: FramecastClient;
  handle: string;
  viewer: Viewer;
}) {
  const queryClient = useQueryClient();
  const options = chatBansQuery(client, handle, viewer);
  const bans = useQuery(options);
  const unban = useMutation({
    mutationFn: (who: string) => client.chat.bans.remove(handle, who),
    onSuccess: () => refreshAfterChange(queryClient, handle, viewer, 'bans'),
  });
  const now = Date.now();
  return (
    <Card className="flex flex-col gap-4 p-5">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-bold text-fg">Banned and timed out</h2>
        <p className="text-sm text-muted">Ban or time people out from a message’s menu in the chat.</p>
      </div>
      {unban.isError && <Alert tone="error">{chatApiErrorText(unban.error)}</Alert>}
      <QueryState
        query={bans}
        errorTitle="The bans could not be loaded"
        loading={
          <div role="status" aria-label="Loading the bans" className="flex flex-col gap-2">
            <Skeleton className="h-10 rounded-control" />
          </div>
        }
        isEmpty={(items) => items.length === 0}
        empty={
          <EmptyState
            size="sm"
            icon={<BanIcon />}
            title="Nobody is banned"
            description="Your chat is open to everyone."
          />
        }
      >
        {(items) => (
          <ul aria-label="Bans" className="flex flex-col divide-y divide-line">
            {items.map((ban) => (
              <PersonRow
                key={ban.user.handle}
                user={ban.user}
                about={`${banTerm(ban, now)} · ${since(`by @${ban.bannedBy}`, ban.createdAt)}`}
                detail={ban.reason ? <p className="text-xs text-muted">“{ban.reason}”</p> : undefined}
                action={
                  <Button
                    variant="secondary"
                    size="sm"
                    loading={unban.isPending && unban.variables === ban.user.handle}
                    onClick={() => unban.mutate(ban.user.handle)}
                    aria-label={`Unban ${ban.user.displayName || ban.user.handle}`}
                  >
                    Unban
                  </Button>
                }
              />
            ))}
          </ul>
        )}
      </QueryState>
    </Card>
  );
}
