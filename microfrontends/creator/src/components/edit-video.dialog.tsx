import {
  errorMessage,
  type FramecastClient,
  fieldOfError,
  type UpdateVideoBody,
  VIDEO_DESCRIPTION_MAX_LENGTH,
  VIDEO_TAGS_MAX,
  VIDEO_TITLE_MAX_LENGTH,
  type Video,
  type Viewer,
  type Visibility,
} from '@framecast/client';
import { Alert, Button, Dialog, TextArea, TextField } from '@framecast/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { showSavedVideo } from '../api/my-videos.queries.js';
import { parseTags } from '../upload/upload.rules.js';
import { VisibilityField } from './visibility-field.js';

/** Fields named as the API names them, so an error the API ties to one shows beside it; others show above. */
const editFields = ['title', 'description', 'tags'] as const;
type EditField = (typeof editFields)[number];

export interface EditVideoDialogProps {
  client: FramecastClient;
  /** Whose list shows the saved video. */
  viewer: Viewer;
  /** The video to edit; null closes the dialog. */
  video: Video | null;
  onClose: () => void;
}

/** Title, description, tags and visibility, editable while the video uploads or processes as well as after. */
export function EditVideoDialog({ client, viewer, video, onClose }: EditVideoDialogProps) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateVideoBody }) => client.videos.update(id, body),
    onSuccess: (saved) => {
      close();
      return showSavedVideo(queryClient, viewer, saved);
    },
  });
  const close = () => {
    save.reset();
    onClose();
  };
  return (
    <Dialog open={video !== null} onClose={close} title="Edit video details" dismissable={!save.isPending} width="md">
      {video && (
        <EditForm
          key={video.id}
          video={video}
          saving={save.isPending}
          error={
            save.isError ? { field: fieldOfError(save.error, editFields), message: errorMessage(save.error) } : null
          }
          onSave={(body) => save.mutate({ id: video.id, body })}
          onClose={close}
        />
      )}
    </Dialog>
  );
}

interface EditFormProps {
  video: Video;
  saving: boolean;
  /** What the API answered to the last save, and the field it is about, if one of this form's. */
  error: { field: EditField | null; message: string } | null;
  onSave: (body: UpdateVideoBody) => void;
  onClose: () => void;
}

function EditForm({ video, saving, error, onSave, onClose }: EditFormProps) {
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description);
  const [tags, setTags] = useState(video.tags.join(', '));
  const [visibility, setVisibility] = useState<Visibility>(video.visibility);
  const titleError = title.trim() === '' ? 'A video needs a title.' : null;
  const fieldError = (field: EditField) => (error?.field === field ? error.message : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (titleError) return;
    onSave({ title: title.trim(), description, tags: parseTags(tags), visibility });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {error && error.field === null && <Alert tone="error">{error.message}</Alert>}
      <TextField
        label="Title"
        value={title}
        maxLength={VIDEO_TITLE_MAX_LENGTH}
        required
        aside={`${title.length}/${VIDEO_TITLE_MAX_LENGTH}`}
        error={titleError ?? fieldError('title')}
        onChange={(e) => setTitle(e.target.value)}
      />
      <TextArea
        label="Description"
        value={description}
        maxLength={VIDEO_DESCRIPTION_MAX_LENGTH}
        rows={5}
        aside={`${description.length}/${VIDEO_DESCRIPTION_MAX_LENGTH}`}
        error={fieldError('description')}
        onChange={(e) => setDescription(e.target.value)}
      />
      <TextField
        label="Tags"
        value={tags}
        hint={`Separate tags with commas, up to ${VIDEO_TAGS_MAX}.`}
        error={fieldError('tags')}
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
