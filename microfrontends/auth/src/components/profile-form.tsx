import {
  BIO_MAX_LENGTH,
  DISPLAY_NAME_MAX_LENGTH,
  errorMessage,
  type FieldErrors,
  type FramecastClient,
  fieldOfError,
  type ProfileField,
  type User,
  validateProfile,
} from '@framecast/client';
import { Alert, Button, TextArea, TextField } from '@framecast/ui';
import { type FormEvent, useState } from 'react';

const fields: readonly ProfileField[] = ['displayName', 'bio'];

export function ProfileForm({ client, user }: { client: FramecastClient; user: User }) {
  const [values, setValues] = useState<Record<ProfileField, string>>({ displayName: user.displayName, bio: user.bio });
  const [errors, setErrors] = useState<FieldErrors<ProfileField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const dirty = values.displayName !== user.displayName || values.bio !== user.bio;

  const change = (field: ProfileField, value: string) => {
    setSaved(false);
    const next = { ...values, [field]: value };
    setValues(next);
    if (errors[field]) setErrors((current) => ({ ...current, [field]: validateProfile(next)[field] }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateProfile(values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      const updated = await client.users.updateMe({ displayName: values.displayName.trim(), bio: values.bio });
      setValues({ displayName: updated.displayName, bio: updated.bio });
      setSaved(true);
    } catch (error) {
      const field = fieldOfError(error, fields);
      if (field) setErrors({ [field]: errorMessage(error) });
      else setFormError(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5">
      {formError && <Alert tone="error">{formError}</Alert>}
      <TextField
        label="Display name"
        name="displayName"
        autoComplete="nickname"
        maxLength={DISPLAY_NAME_MAX_LENGTH}
        value={values.displayName}
        onChange={(e) => change('displayName', e.target.value)}
        error={errors.displayName}
        hint="Shown on your channel and next to everything you do."
        required
      />
      <TextArea
        label="Bio"
        name="bio"
        rows={5}
        value={values.bio}
        onChange={(e) => change('bio', e.target.value)}
        error={errors.bio}
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
