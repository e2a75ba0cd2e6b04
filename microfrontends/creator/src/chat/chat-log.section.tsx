import { type FramecastClient, pageItems, type Viewer } from '@framecast/client';
import { Card, EmptyState, formatAgo, LoadMore, QueryState, ShieldIcon, Skeleton } from '@framecast/ui';
import { useInfiniteQuery } from '@tanstack/react-query';
import { chatLogQuery } from './chat.queries.js';
import { describeLogEntry } from './chat-log.words.js';

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** What moderators did in the room, newest first, a page at a time. */
export function ChatLogSection({
  client,
  handle,
  viewer,
}: {
  client: FramecastClient;
  handle: string;
  viewer: Viewer;
}) {
  const log = useInfiniteQuery({ ...chatLogQuery(client, handle, viewer), select: pageItems });
  return (
    <Card className="flex flex-col gap-4 p-5">
      <div className="flex flex-col gap-1">
        <h2 className="text-lg font-bold text-fg">Moderation log</h2>
        <p className="text-sm text-muted">Every deletion, ban, timeout and change of the chat, by whom.</p>
      </div>
      <QueryState
        query={log}
        errorTitle="The moderation log could not be loaded"
        loading={
          <div role="status" aria-label="Loading the moderation log" className="flex flex-col gap-2">
            <Skeleton className="h-9 rounded-control" />
            <Skeleton className="h-9 rounded-control" />
            <Skeleton className="h-9 rounded-control" />
          </div>
        }
        isEmpty={(items) => items.length === 0}
        empty={
          <EmptyState
            size="sm"
            icon={<ShieldIcon />}
            title="Nothing moderated yet"
            description="What you and your moderators do in the chat shows here."
          />
        }
      >
        {(items) => (
          <div className="flex flex-col gap-3">
            <ol aria-label="Moderation log" className="flex flex-col divide-y divide-line">
              {items.map((entry) => {
                const line = describeLogEntry(entry);
                return (
                  <li key={entry.id} className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:items-baseline sm:gap-4">
                    <time
                      dateTime={entry.at}
                      title={timeFormat.format(new Date(entry.at))}
                      className="w-28 shrink-0 text-xs text-subtle"
                    >
                      {formatAgo(entry.at)}
                    </time>
                    <p className="min-w-0 text-sm text-fg">
                      {line.summary}
                      {line.detail && <span className="ml-1 break-words text-muted">{line.detail}</span>}
                    </p>
                  </li>
                );
              })}
            </ol>
            <LoadMore query={log} />
          </div>
        )}
      </QueryState>
    </Card>
  );
}
