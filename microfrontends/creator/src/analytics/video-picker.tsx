import type { Video } from '@framecast/client';
import {
  AppLink,
  Card,
  EmptyState,
  formatAgo,
  formatCount,
  LoadMore,
  type PagedQueryLike,
  type QueryLike,
  QueryState,
  Skeleton,
  VideoIcon,
  VideoThumbnail,
} from '@framecast/ui';
import { useId } from 'react';

export interface VideoPickerProps {
  /** The creator's videos, as the studio lists them. */
  videos: QueryLike<Video[]> & PagedQueryLike;
  /** The range's query string, kept on the way to a video's analytics. */
  search: string;
  navigate: (to: string) => void;
}

/** The path of a video's analytics. */
export const videoAnalyticsPath = (id: string, search = '') =>
  `/studio/analytics/videos/${encodeURIComponent(id)}${search}`;

/** The creator's videos that can be watched, each a link to its own analytics. */
export function VideoPicker({ videos, search, navigate }: VideoPickerProps) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="flex min-w-0 flex-col gap-3">
      <h2 id={titleId} className="text-lg font-bold text-fg">
        Videos
      </h2>
      <QueryState
        query={videos}
        errorTitle="Your videos could not be loaded"
        loading={
          <Card role="status" aria-label="Loading your videos" className="flex flex-col gap-3 p-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-14 rounded-control" />
            ))}
          </Card>
        }
        isEmpty={(items) => !items.some((v) => v.status === 'ready')}
        empty={
          <EmptyState
            size="sm"
            icon={<VideoIcon />}
            title="No videos to look at yet"
            description="Each video gets its own analytics here once it is processed and ready to watch."
          />
        }
      >
        {(items) => (
          <>
            <Card className="px-4">
              <ul className="flex flex-col divide-y divide-line">
                {items
                  .filter((v) => v.status === 'ready')
                  .map((video) => (
                    <li key={video.id} className="flex items-center gap-3 py-2.5">
                      <div className="w-28 shrink-0">
                        <VideoThumbnail
                          title={video.title}
                          image={video.playback?.thumbnail}
                          duration={video.duration}
                        />
                      </div>
                      <div className="flex min-w-0 flex-1 flex-col">
                        <AppLink
                          href={videoAnalyticsPath(video.id, search)}
                          navigate={navigate}
                          className="truncate font-semibold text-fg hover:text-brand"
                        >
                          {video.title}
                        </AppLink>
                        <span className="text-xs text-muted">
                          {formatCount(video.views, 'view')} in all · {formatAgo(video.publishedAt ?? video.createdAt)}
                        </span>
                      </div>
                    </li>
                  ))}
              </ul>
            </Card>
            <LoadMore query={videos} />
          </>
        )}
      </QueryState>
    </section>
  );
}
