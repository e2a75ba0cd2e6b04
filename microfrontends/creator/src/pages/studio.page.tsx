import { errorMessage, pageItems, type RemoteProps, type Video } from '@framecast/client';
import { Alert, ConfirmDialog, useViewer } from '@framecast/ui';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import '../app.css';
import { forgetDeletedVideo, myVideosQuery } from '../api/my-videos.queries.js';
import { EditVideoDialog } from '../components/edit-video.dialog.js';
import { MyVideos } from '../components/my-videos.js';
import { UploadCard } from '../components/upload-card.js';
import { UploadPanel } from '../components/upload-panel.js';
import { useVideoUpdates } from '../components/video-updates.hook.js';
import { scoped } from '../remote.js';
import { useUploads } from '../upload/uploads.hook.js';

/** The creator's studio: upload, follow uploads through processing, and manage every video. */
function StudioView({ client, navigate }: RemoteProps) {
  const queryClient = useQueryClient();
  const viewer = useViewer(client) ?? null;
  const list = myVideosQuery(client, viewer);
  const videos = useInfiniteQuery({ ...list, select: pageItems });
  // Uploads tell the list to catch up when a video is created, finished or cancelled.
  const { uploads, start, cancel, dismiss } = useUploads(client, () =>
    queryClient.invalidateQueries({ queryKey: list.queryKey }),
  );
  useVideoUpdates(client, viewer);

  const listHeading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<Video | null>(null);
  const [deleting, setDeleting] = useState<Video | null>(null);
  const remove = useMutation({
    mutationFn: (video: Video) => client.videos.remove(video.id),
    onSuccess: (_done, video) => {
      setDeleting(null);
      return forgetDeletedVideo(queryClient, viewer, video.id);
    },
  });
  const items = videos.data ?? [];

  return (
    <div className="flex flex-col gap-8">
      <title>Studio · Framecast</title>
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold tracking-tight text-fg">Studio</h1>
        <p className="text-sm text-muted">Upload videos, follow their processing, and manage what you publish.</p>
      </header>
      <section aria-labelledby="upload-title" className="flex flex-col gap-3">
        <h2 id="upload-title" className="sr-only">
          Upload
        </h2>
        <UploadPanel onStart={(request) => void start(request)} compact={uploads.length > 0} />
        {uploads.map((upload) => (
          <UploadCard
            key={upload.key}
            upload={upload}
            video={items.find((v) => v.id === upload.videoId)}
            navigate={navigate}
            onCancel={() => void cancel(upload.key)}
            onDismiss={() => dismiss(upload.key)}
            onEdit={setEditing}
          />
        ))}
      </section>
      <section aria-labelledby="videos-title" className="flex flex-col gap-3">
        {/* Takes focus after a delete, when the row that opened the dialog is gone. */}
        <h2 id="videos-title" ref={listHeading} tabIndex={-1} className="text-lg font-bold text-fg outline-none">
          Your videos
        </h2>
        <MyVideos
          videos={videos}
          navigate={navigate}
          onEdit={setEditing}
          onDelete={(video) => {
            remove.reset();
            setDeleting(video);
          }}
        />
      </section>
      <EditVideoDialog client={client} viewer={viewer} video={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this video?"
        confirmLabel="Delete video"
        tone="danger"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => setDeleting(null)}
        fallbackFocus={listHeading}
      >
        <p>
          “{deleting?.title}” and every file made from it will be deleted for good. Viewers will no longer be able to
          watch it.
        </p>
        {remove.isError && (
          <Alert tone="error" className="mt-3">
            {errorMessage(remove.error)}
          </Alert>
        )}
      </ConfirmDialog>
    </div>
  );
}

export default scoped(StudioView);
