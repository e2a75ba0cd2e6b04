import { errorMessage, type Video } from '@framecast/client';
import { AppLink, Button, Card, formatBytes, PencilIcon, ProgressBar, StatusBadge, XIcon } from '@framecast/ui';
import { formatTimeLeft, percentOf, secondsLeft } from '../upload/upload.progress.js';
import type { ActiveUpload } from '../upload/uploads.hook.js';

export interface UploadCardProps {
  upload: ActiveUpload;
  /** The video the upload created, as the list last saw it. */
  video: Video | undefined;
  navigate: (to: string) => void;
  onCancel: () => void;
  onDismiss: () => void;
  onEdit: (video: Video) => void;
}

/** One upload: bytes, percent, speed and time left; then the video's processing; then a link to watch it. */
export function UploadCard({ upload, video, navigate, onCancel, onDismiss, onEdit }: UploadCardProps) {
  const sending = upload.phase === 'starting' || upload.phase === 'uploading';
  const percent = percentOf(upload.sent, upload.total);
  const title = video?.title ?? upload.fileName;

  return (
    <Card className="flex flex-col gap-3 p-4" aria-label={`Upload of ${upload.fileName}`}>
      <div className="flex items-start gap-3">
        <div className="flex min-w-0 flex-1 flex-col gap-0.5">
          <p className="truncate font-semibold text-fg">{title}</p>
          <p className="truncate text-xs text-subtle">{upload.fileName}</p>
        </div>
        {video && upload.phase !== 'cancelled' && (
          <Button variant="ghost" size="sm" icon={<PencilIcon className="size-4" />} onClick={() => onEdit(video)}>
            Edit details
          </Button>
        )}
        {sending ? (
          <Button variant="secondary" size="sm" icon={<XIcon className="size-4" />} onClick={onCancel}>
            Cancel
          </Button>
        ) : (
          <Button variant="ghost" size="sm" aria-label={`Dismiss ${upload.fileName}`} onClick={onDismiss}>
            <XIcon className="size-4" />
          </Button>
        )}
      </div>
      <UploadStatus upload={upload} video={video} percent={percent} navigate={navigate} />
    </Card>
  );
}

function UploadStatus({
  upload,
  video,
  percent,
  navigate,
}: Pick<UploadCardProps, 'upload' | 'video' | 'navigate'> & { percent: number }) {
  if (upload.phase === 'failed') {
    return <p className="text-sm text-danger">{errorMessage(upload.error)}</p>;
  }
  if (upload.phase === 'cancelled') return <p className="text-sm text-muted">Upload cancelled.</p>;
  if (upload.phase !== 'done') {
    const left = formatTimeLeft(secondsLeft(upload.sent, upload.total, upload.speed));
    return (
      <div className="flex flex-col gap-1.5">
        <ProgressBar value={upload.phase === 'starting' ? null : percent} label={`Upload of ${upload.fileName}`} />
        <p className="text-xs text-muted tabular-nums" data-testid="upload-stats">
          Uploading · {percent} % · {formatBytes(upload.sent)} of {formatBytes(upload.total)}
          {upload.speed > 0 && ` · ${formatBytes(upload.speed)}/s`}
          {left && ` · ${left}`}
        </p>
      </div>
    );
  }
  if (!video || video.status === 'uploading' || video.status === 'processing') {
    const progress = video?.status === 'processing' ? video.progress : 0;
    return (
      <div className="flex flex-col gap-1.5">
        <ProgressBar value={progress > 0 ? progress : null} label={`Processing of ${upload.fileName}`} tone="success" />
        <p className="flex items-center gap-2 text-xs text-muted">
          <StatusBadge status="processing" progress={progress} />
          Uploaded. Preparing every quality for streaming — you can leave this page.
        </p>
      </div>
    );
  }
  if (video.status === 'failed') {
    return (
      <p className="flex items-center gap-2 text-sm text-danger">
        <StatusBadge status="failed" />
        {video.failureReason ?? 'The video could not be processed.'}
      </p>
    );
  }
  return (
    <p className="flex items-center gap-2 text-sm text-muted">
      <StatusBadge status="ready" />
      Ready to watch.
      <AppLink href={`/watch/${video.id}`} navigate={navigate} className="font-semibold text-brand hover:underline">
        Watch it
      </AppLink>
    </p>
  );
}
