import { AVATAR_TYPES, avatarProblem, errorMessage, type FramecastClient, type User } from '@framecast/client';
import { Alert, Avatar, Button, buttonClasses, Spinner, UploadIcon } from '@framecast/ui';
import { useEffect, useId, useRef, useState } from 'react';

type Status = { kind: 'idle' } | { kind: 'busy'; action: 'upload' | 'remove' } | { kind: 'done'; message: string };

/** Choose an image, see it in place, then upload it; or remove the current one. */
export function AvatarEditor({ client, user }: { client: FramecastClient; user: User }) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const busy = status.kind === 'busy';
  const name = user.displayName || user.handle;

  // The preview is an object URL: release it when replaced or when the editor goes away.
  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const choose = (chosen: File | undefined) => {
    setStatus({ kind: 'idle' });
    if (!chosen) return;
    const why = avatarProblem(chosen);
    setProblem(why);
    setFile(why ? null : chosen);
  };

  const reset = () => {
    setFile(null);
    if (inputRef.current) inputRef.current.value = '';
  };

  const run = async (action: 'upload' | 'remove') => {
    setProblem(null);
    setStatus({ kind: 'busy', action });
    try {
      if (action === 'upload' && file) await client.users.uploadAvatar(file);
      else await client.users.deleteAvatar();
      reset();
      setStatus({
        kind: 'done',
        message: action === 'upload' ? 'Your new avatar is saved.' : 'Your avatar is removed.',
      });
    } catch (error) {
      setProblem(errorMessage(error));
      setStatus({ kind: 'idle' });
    }
  };

  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
      <div className="relative w-fit">
        <Avatar name={name} src={preview ?? user.avatarUrl} size="xl" />
        {busy && (
          <span className="absolute inset-0 flex items-center justify-center rounded-full bg-canvas/70 text-fg">
            <Spinner
              label={status.action === 'upload' ? 'Uploading avatar' : 'Removing avatar'}
              className="[&_svg]:size-7"
            />
          </span>
        )}
      </div>
      <div className="flex flex-col gap-3">
        <div className="flex flex-wrap gap-2">
          {file ? (
            <>
              <Button onClick={() => run('upload')} loading={status.kind === 'busy' && status.action === 'upload'}>
                {busy ? 'Uploading…' : 'Upload avatar'}
              </Button>
              <Button variant="ghost" onClick={reset} disabled={busy}>
                Cancel
              </Button>
            </>
          ) : (
            <>
              <input
                ref={inputRef}
                id={inputId}
                type="file"
                accept={AVATAR_TYPES.join(',')}
                className="peer sr-only"
                disabled={busy}
                onChange={(e) => choose(e.target.files?.[0])}
              />
              <label
                htmlFor={inputId}
                className={buttonClasses(
                  'secondary',
                  'md',
                  'cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand',
                )}
              >
                <UploadIcon className="size-4" />
                Choose image
              </label>
              {user.avatarUrl && (
                <Button
                  variant="ghost"
                  onClick={() => run('remove')}
                  loading={status.kind === 'busy' && status.action === 'remove'}
                >
                  Remove
                </Button>
              )}
            </>
          )}
        </div>
        <p className="text-xs text-subtle">
          {file
            ? `${file.name} — check the preview, then upload.`
            : 'PNG, JPEG, WebP or GIF, up to 2 MB. Square images look best.'}
        </p>
        {problem && <Alert tone="error">{problem}</Alert>}
        {status.kind === 'done' && <Alert tone="success">{status.message}</Alert>}
      </div>
    </div>
  );
}
