import {
  BIO_MAX_LENGTH,
  DISPLAY_NAME_MAX_LENGTH,
  type FramecastClient,
  fieldOfError,
  type ProfileField,
  type User,
  validateProfile,
} from '@framecast/client';
import { Alert, Button, TextArea, TextField } from '@framecast/ui';
import { useState } from 'react';
import { useCheckedForm } from './checked-form.hook.js';

const fields: readonly ProfileField[] = ['displayName', 'bio'];

export function ProfileForm({ client, user }: { client: FramecastClient; user: User }) {
  const [saved, setSaved] = useState(false);
  const form = useCheckedForm<ProfileField>({
    initial: { displayName: user.displayName, bio: user.bio },
    validate: validateProfile,
    fieldOf: (error) => fieldOfError(error, fields),
    onEdit: () => setSaved(false),
    send: async ({ displayName, bio }) => {
      const updated = await client.users.updateMe({ displayName: displayName.trim(), bio });
      // What the server kept (trimmed), so that a saved form is no longer dirty.
      form.setValues({ displayName: updated.displayName, bio: updated.bio });
      setSaved(true);
    },
  });
  const { values, formError, pending, submit, field } = form;
  const dirty = values.displayName !== user.displayName || values.bio !== user.bio;

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label="Display name"
        name="displayName"
        autoComplete="nickname"
        maxLength={DISPLAY_NAME_MAX_LENGTH}
        {...field('displayName')}
        hint="Shown on your channel and next to everything you do."
        required
      />
      <TextArea
        label="Bio"
        name="bio"
        rows={5}
        {...field('bio')}
        aside={`${values.bio.length} / ${BIO_MAX_LENGTH}`}
        hint="A few words about you or your channel."
        placeholder="What do you stream or make?"
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" loading={pending} disabled={!dirty}>
          Save
        </Button>
        {saved && !dirty && <Alert tone="success">Your profile is saved.</Alert>}
      </div>
    </form>
  );
}
