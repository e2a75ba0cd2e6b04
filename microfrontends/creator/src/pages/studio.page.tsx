import { errorMessage, type RemoteProps, type Video } from '@framecast/client';
import { Alert, ConfirmDialog } from '@framecast/ui';
import { useRef, useState } from 'react';
import '../app.css';
import { EditVideoDialog } from '../components/edit-video.dialog.js';
import { MyVideos } from '../components/my-videos.js';
import { UploadCard } from '../components/upload-card.js';
import { UploadPanel } from '../components/upload-panel.js';
import { useMyVideos } from '../components/use-my-videos.js';
import { scoped } from '../remote.js';
import { useUploads } from '../upload/use-uploads.js';

/** The creator's studio: upload, follow uploads through processing, and manage every video. */
function StudioView({ client, navigate }: RemoteProps) {
  // Uploads tell the list to catch up (a video was created or finished); the list comes after them.
  const refreshList = useRef(() => {});
  const { uploads, start, cancel, dismiss } = useUploads(client, () => refreshList.current());
  const sending = uploads.some((u) => u.phase === 'starting' || u.phase === 'uploading');
  const list = useMyVideos(client, sending);
  refreshList.current = list.refresh;

  const [editing, setEditing] = useState<Video | null>(null);
  const [deleting, setDeleting] = useState<Video | null>(null);
  const [deletePending, setDeletePending] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const items = list.state.status === 'ready' ? list.state.data : [];

  const confirmDelete = async () => {
    if (!deleting) return;
    setDeletePending(true);
    setDeleteError(null);
    try {
      await client.videos.remove(deleting.id);
      list.remove(deleting.id);
      setDeleting(null);
    } catch (cause) {
      setDeleteError(errorMessage(cause));
    } finally {
      setDeletePending(false);
    }
  };

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
        <h2 id="videos-title" className="text-lg font-bold text-fg">
          Your videos
        </h2>
        <MyVideos
          state={list.state}
          navigate={navigate}
          onRetry={list.reload}
          onEdit={setEditing}
          onDelete={(video) => {
            setDeleteError(null);
            setDeleting(video);
          }}
        />
      </section>
      <EditVideoDialog client={client} video={editing} onSaved={list.replace} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this video?"
        confirmLabel="Delete video"
        tone="danger"
        busy={deletePending}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      >
        <p>
          “{deleting?.title}” and every file made from it will be deleted for good. Viewers will no longer be able to
          watch it.
        </p>
        {deleteError && (
          <Alert tone="error" className="mt-3">
            {deleteError}
          </Alert>
        )}
      </ConfirmDialog>
    </div>
  );
}

export default scoped(StudioView);
