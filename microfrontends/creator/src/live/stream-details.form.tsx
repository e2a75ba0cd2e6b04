import {
  errorMessage,
  fieldOfError,
  type LiveSetup,
  type UpdateLiveBody,
  VIDEO_CATEGORY_MAX_LENGTH,
  VIDEO_TITLE_MAX_LENGTH,
} from '@framecast/client';
import { Alert, Button, Card, TextField } from '@framecast/ui';
import { type FormEvent, useState } from 'react';

const fields = ['title', 'category'] as const;

export interface StreamDetailsFormProps {
  setup: LiveSetup;
  saving: boolean;
  saveError: unknown;
  saved: boolean;
  onSave: (body: UpdateLiveBody) => void;
}

/** The stream's title and category, as viewers see them on the channel and in "Live now"; saved on air too. */
export function StreamDetailsForm({ setup, saving, saveError, saved, onSave }: StreamDetailsFormProps) {
  const [title, setTitle] = useState(setup.title);
  const [category, setCategory] = useState(setup.category ?? '');
  const titleError = title.trim() === '' ? 'The stream needs a title.' : null;
  const field = saveError ? fieldOfError(saveError, fields) : null;
  const dirty = title !== setup.title || category !== (setup.category ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (titleError || !dirty) return;
    onSave({ title: title.trim(), category: category.trim() === '' ? null : category.trim() });
  };

  return (
    <Card className="flex flex-col gap-4 p-5">
      <h2 className="text-lg font-bold text-fg">Stream details</h2>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {saveError && field === null ? <Alert tone="error">{errorMessage(saveError)}</Alert> : null}
        <TextField
          label="Title"
          name="title"
          value={title}
          maxLength={VIDEO_TITLE_MAX_LENGTH}
          onChange={(e) => setTitle(e.target.value)}
          error={titleError ?? (field === 'title' ? errorMessage(saveError) : null)}
        />
        <TextField
          label="Category"
          name="category"
          value={category}
          maxLength={VIDEO_CATEGORY_MAX_LENGTH}
          placeholder="Just chatting, Music, Science & Technology…"
          onChange={(e) => setCategory(e.target.value)}
          error={field === 'category' ? errorMessage(saveError) : null}
        />
        <div className="flex items-center gap-3">
          <Button type="submit" loading={saving} disabled={!dirty || titleError !== null}>
            Save details
          </Button>
          {saved && !dirty ? (
            <output className="text-sm text-muted" aria-live="polite">
              Saved.
            </output>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
