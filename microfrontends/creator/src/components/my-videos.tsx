import type { Video } from '@framecast/client';
import {
  Card,
  EmptyState,
  LoadMore,
  type PagedQueryLike,
  type QueryLike,
  QueryState,
  Skeleton,
  VideoIcon,
} from '@framecast/ui';
import { VideoRow } from './video-row.js';

export interface MyVideosProps {
  /** The creator's videos as the list query gives them, a page at a time. */
  videos: QueryLike<Video[]> & PagedQueryLike;
  navigate: (to: string) => void;
  onEdit: (video: Video) => void;
  onDelete: (video: Video) => void;
}

export function MyVideos({ videos, navigate, onEdit, onDelete }: MyVideosProps) {
  return (
    <QueryState
      query={videos}
      loading={<MyVideosSkeleton />}
      errorTitle="Your videos could not be loaded"
      isEmpty={(items) => items.length === 0}
      empty={
        <EmptyState
          icon={<VideoIcon />}
          title="No videos yet"
          description="Upload your first video above. It shows up here while it uploads and processes."
        />
      }
    >
      {(items) => (
        <>
          <Card className="px-4">
            <ul className="flex flex-col divide-y divide-line">
              {items.map((video) => (
                <VideoRow
                  key={video.id}
                  video={video}
                  navigate={navigate}
                  onEdit={() => onEdit(video)}
                  onDelete={() => onDelete(video)}
                />
              ))}
            </ul>
          </Card>
          <LoadMore query={videos} />
        </>
      )}
    </QueryState>
  );
}

function MyVideosSkeleton() {
  return (
    <Card role="status" aria-label="Loading your videos" className="flex flex-col divide-y divide-line px-4">
      {[0, 1, 2].map((i) => (
        <div key={i} className="flex items-center gap-3 py-3">
          <Skeleton className="aspect-video w-44 rounded-card" />
          <div className="flex flex-1 flex-col gap-2">
            <Skeleton className="h-4 w-1/2 rounded" />
            <Skeleton className="h-3 w-1/3 rounded" />
          </div>
        </div>
      ))}
    </Card>
  );
}
