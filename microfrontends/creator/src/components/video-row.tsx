import type { Video } from '@framecast/client';
import {
  AppLink,
  Button,
  buttonClasses,
  ChartIcon,
  formatAgo,
  formatCount,
  PencilIcon,
  StatusBadge,
  TrashIcon,
  VideoThumbnail,
} from '@framecast/ui';
import { videoAnalyticsPath } from '../analytics/video-picker.js';
import { visibilityTexts } from './visibility.js';

export interface VideoRowProps {
  video: Video;
  navigate: (to: string) => void;
  onEdit: () => void;
  onDelete: () => void;
}

/** One of the creator's videos: thumbnail, title, state, visibility, views, age, and its actions. */
export function VideoRow({ video, navigate, onEdit, onDelete }: VideoRowProps) {
  const ready = video.status === 'ready';
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center">
      <VideoThumbnail
        title={video.title}
        image={video.playback?.thumbnail}
        duration={video.duration}
        className="w-full shrink-0 sm:w-44"
      />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        {ready ? (
          <AppLink
            href={`/watch/${video.id}`}
            navigate={navigate}
            className="truncate font-semibold text-fg hover:text-brand"
          >
            {video.title}
          </AppLink>
        ) : (
          <p className="truncate font-semibold text-fg">{video.title}</p>
        )}
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
          <StatusBadge status={video.status} progress={video.progress} />
          <span>{visibilityTexts[video.visibility].label}</span>
          <span aria-hidden="true">·</span>
          <span>{formatCount(video.views, 'view')}</span>
          <span aria-hidden="true">·</span>
          <span>{formatAgo(video.createdAt)}</span>
        </div>
        {video.status === 'failed' && (
          <p className="text-sm text-danger">{video.failureReason ?? 'The video could not be processed.'}</p>
        )}
      </div>
      <div className="flex shrink-0 gap-2">
        {ready && (
          <AppLink
            href={videoAnalyticsPath(video.id)}
            navigate={navigate}
            aria-label={`Analytics of ${video.title}`}
            className={buttonClasses('ghost', 'sm')}
          >
            <ChartIcon className="size-4" />
            Analytics
          </AppLink>
        )}
        <Button
          variant="secondary"
          size="sm"
          icon={<PencilIcon className="size-4" />}
          onClick={onEdit}
          aria-label={`Edit ${video.title}`}
        >
          Edit
        </Button>
        <Button
          variant="ghost"
          size="sm"
          icon={<TrashIcon className="size-4" />}
          onClick={onDelete}
          aria-label={`Delete ${video.title}`}
          className="text-danger"
        >
          Delete
        </Button>
      </div>
    </li>
  );
}
