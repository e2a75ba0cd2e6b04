import type { Video } from '@framecast/client';
import { VideoCard, VideoCardSkeleton } from '@framecast/ui';

/** Column counts that divide a page of twelve, so full pages end on a full row. */
export const videoGridClasses = 'grid grid-cols-1 gap-x-4 gap-y-6 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4';

export function VideoGrid({
  videos,
  navigate,
  showChannel = true,
}: {
  videos: readonly Video[];
  navigate: (to: string) => void;
  showChannel?: boolean;
}) {
  return (
    <ul className={videoGridClasses}>
      {videos.map((video) => (
        <li key={video.id}>
          <VideoCard video={video} href={`/watch/${video.id}`} navigate={navigate} showChannel={showChannel} />
        </li>
      ))}
    </ul>
  );
}

export function VideoGridSkeleton({ label, count = 4 }: { label: string; count?: number }) {
  return (
    <div role="status" aria-label={label} className={videoGridClasses}>
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity.
        <VideoCardSkeleton key={i} />
      ))}
    </div>
  );
}
