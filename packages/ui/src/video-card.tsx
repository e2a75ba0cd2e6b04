import { AppLink } from './app-link.js';
import { cn } from './cn.js';
import { formatAgo, formatCount, formatDuration, hueOf } from './format.js';
import { VideoIcon } from './icons.js';
import { Skeleton } from './skeleton.js';

/** The part of a video a card shows; structurally compatible with the API's Video. */
export interface VideoSummary {
  id: string;
  title: string;
  channel: { handle: string };
  duration: number | null;
  views: number;
  createdAt: string;
  publishedAt: string | null;
  playback?: { thumbnail: string } | undefined;
}

export interface VideoCardProps {
  video: VideoSummary;
  href: string;
  navigate: (to: string) => void;
  /** Hides the channel line, e.g. on the channel's own page. */
  showChannel?: boolean;
}

/** A 16:9 thumbnail with the duration, the title, the channel, views and age. The whole card is one link. */
export function VideoCard({ video, href, navigate, showChannel = true }: VideoCardProps) {
  return (
    <article className="group relative flex flex-col gap-2.5 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-4 has-[a:focus-visible]:outline-brand rounded-card">
      <VideoThumbnail title={video.title} image={video.playback?.thumbnail} duration={video.duration} />
      <div className="flex min-w-0 flex-col gap-0.5">
        <AppLink
          href={href}
          navigate={navigate}
          className="line-clamp-2 text-sm font-semibold text-fg after:absolute after:inset-0 after:content-[''] focus-visible:outline-none group-hover:text-brand"
        >
          {video.title}
        </AppLink>
        {showChannel && <p className="truncate text-sm text-muted">@{video.channel.handle}</p>}
        <p className="text-xs text-subtle">
          <span>{formatCount(video.views, 'view')}</span>
          <span aria-hidden="true"> · </span>
          {formatAgo(video.publishedAt ?? video.createdAt)}
        </p>
      </div>
    </article>
  );
}

export interface VideoThumbnailProps {
  title: string;
  /** The picture at listing size (the API's `playback.thumbnail`). */
  image?: string | null | undefined;
  duration?: number | null;
  className?: string;
}

/** The thumbnail, or a tinted placeholder while there is none, with the duration in a corner. */
export function VideoThumbnail({ title, image, duration, className }: VideoThumbnailProps) {
  const hue = hueOf(title);
  return (
    <div className={cn('relative aspect-video w-full overflow-hidden rounded-card bg-raised', className)}>
      {image ? (
        <img src={image} alt="" loading="lazy" className="size-full object-cover" />
      ) : (
        <div
          aria-hidden="true"
          className="flex size-full items-center justify-center text-white/70 [&>svg]:size-8"
          style={{ background: `linear-gradient(135deg, hsl(${hue} 45% 28%), hsl(${(hue + 50) % 360} 45% 16%))` }}
        >
          <VideoIcon />
        </div>
      )}
      {duration != null && duration > 0 && (
        <span className="absolute right-1.5 bottom-1.5 rounded bg-black/80 px-1.5 py-0.5 font-mono text-xs font-semibold text-white">
          {formatDuration(duration)}
        </span>
      )}
    </div>
  );
}

export function VideoCardSkeleton() {
  return (
    <div className="flex flex-col gap-2.5">
      <Skeleton className="aspect-video w-full rounded-card" />
      <Skeleton className="h-4 w-4/5 rounded" />
      <Skeleton className="h-3 w-1/2 rounded" />
    </div>
  );
}
