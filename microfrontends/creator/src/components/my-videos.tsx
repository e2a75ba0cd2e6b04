import { errorMessage, type Video } from '@framecast/client';
import { Card, EmptyState, ErrorState, Skeleton, VideoIcon } from '@framecast/ui';
import type { MyVideosState } from './use-my-videos.js';
import { VideoRow } from './video-row.js';

export interface MyVideosProps {
  state: MyVideosState;
  navigate: (to: string) => void;
  onRetry: () => void;
  onEdit: (video: Video) => void;
  onDelete: (video: Video) => void;
}

export function MyVideos({ state, navigate, onRetry, onEdit, onDelete }: MyVideosProps) {
  if (state.status === 'loading') {
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
  if (state.status === 'error') {
    return <ErrorState title="Your videos could not be loaded" message={errorMessage(state.error)} onRetry={onRetry} />;
  }
  if (state.data.length === 0) {
    return (
      <EmptyState
        icon={<VideoIcon />}
        title="No videos yet"
        description="Upload your first video above. It shows up here while it uploads and processes."
      />
    );
  }
  return (
    <Card className="px-4">
      <ul className="flex flex-col divide-y divide-line">
        {state.data.map((video) => (
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
  );
}
