import { errorMessage, type FramecastClient, type Video, type Visibility } from '@framecast/client';
import { Alert, Button, TextArea, TextField } from '@framecast/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { parseTags } from '../upload/upload.rules.js';
import { VisibilityField } from './visibility-field.js';

export interface EditVideoDialogProps {
  client: FramecastClient;
  /** The video to edit; null closes the dialog. */
  video: Video | null;
  onSaved: (video: Video) => void;
  onClose: () => void;
}

/** Title, description, tags and visibility, editable while the video uploads or processes as well as after. */
export function EditVideoDialog({ client, video, onSaved, onClose }: EditVideoDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (video && !dialog.open) dialog.showModal();
    if (!video && dialog.open) dialog.close();
  }, [video]);

  return (
    <dialog
      ref={ref}
      aria-labelledby="edit-video-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-card border border-line bg-raised p-0 text-fg shadow-popover backdrop:bg-black/60"
    >
      {video && <EditForm key={video.id} client={client} video={video} onSaved={onSaved} onClose={onClose} />}
    </dialog>
  );
}

function EditForm({ client, video, onSaved, onClose }: EditVideoDialogProps & { video: Video }) {
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description);
  const [tags, setTags] = useState(video.tags.join(', '));
  const [visibility, setVisibility] = useState<Visibility>(video.visibility);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleError = title.trim() === '' ? 'A video needs a title.' : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (titleError) return;
    setSaving(true);
    setError(null);
    try {
      const saved = await client.videos.update(video.id, {
        title: title.trim(),
        description,
        tags: parseTags(tags),
        visibility,
      });
      onSaved(saved);
      onClose();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4 p-5" noValidate>
      <h2 id="edit-video-title" className="text-lg font-bold">
        Edit video details
      </h2>
      {error && <Alert tone="error">{error}</Alert>}
      <TextField
        label="Title"
        value={title}
        maxLength={120}
        required
        aside={`${title.length}/120`}
        error={titleError}
        onChange={(e) => setTitle(e.target.value)}
      />
      <TextArea
        label="Description"
        value={description}
        maxLength={5000}
        rows={5}
        aside={`${description.length}/5000`}
        onChange={(e) => setDescription(e.target.value)}
      />
      <TextField
        label="Tags"
        value={tags}
        hint="Separate tags with commas, up to 20."
        onChange={(e) => setTags(e.target.value)}
      />
      <VisibilityField label="Visibility" value={visibility} onChange={setVisibility} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" loading={saving} disabled={Boolean(titleError)}>
          Save
        </Button>
      </div>
    </form>
  );
}
