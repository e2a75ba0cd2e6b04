import type { ChannelLive } from '@framecast/client';
import {
  AppLink,
  BroadcastIcon,
  buttonClasses,
  Card,
  EmptyState,
  type QueryLike,
  QueryState,
  Skeleton,
} from '@framecast/ui';
import { useId } from 'react';
import { formatNumber } from './analytics.words.js';

/** The path of a live session's analytics. */
export const streamAnalyticsPath = (sessionId: string) => `/studio/analytics/streams/${encodeURIComponent(sessionId)}`;

const when = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** The channel's stream on air, or its last one, with the way to its analytics. */
export function LastStream({ query, navigate }: { query: QueryLike<ChannelLive>; navigate: (to: string) => void }) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-3">
      <h2 id={titleId} className="text-lg font-bold text-fg">
        Live streams
      </h2>
      <QueryState
        query={query}
        errorTitle="Your streams could not be loaded"
        loading={<Skeleton className="h-32 rounded-card" />}
        isEmpty={(live) => live.session === null}
        empty={
          <EmptyState
            size="sm"
            icon={<BroadcastIcon />}
            title="No streams yet"
            description="Once you go live, each stream’s viewers and chat show up here."
            action={
              <AppLink href="/studio/live" navigate={navigate} className={buttonClasses('secondary', 'sm')}>
                Go live
              </AppLink>
            }
          />
        }
      >
        {({ live, session }) =>
          session && (
            <Card className="flex flex-col gap-3 p-4">
              <div className="flex flex-col gap-0.5">
                <p className="text-xs font-medium text-muted">{live ? 'On air now' : 'Your last stream'}</p>
                <p className="truncate font-semibold text-fg">{session.title}</p>
                <p className="text-xs text-muted">
                  {when.format(Date.parse(session.startedAt))} · {formatNumber(session.peakViewers)} at the peak
                </p>
              </div>
              <AppLink
                href={streamAnalyticsPath(session.id)}
                navigate={navigate}
                className={buttonClasses('secondary', 'sm', 'self-start')}
              >
                Stream analytics
              </AppLink>
            </Card>
          )
        }
      </QueryState>
    </section>
  );
}
