import {
  DEFAULT_MAX_UPLOAD_BYTES,
  formatLimit,
  titleFromFilename,
  VIDEO_ACCEPT,
  type Visibility,
} from '@framecast/client';
import { Alert, Dropzone } from '@framecast/ui';
import { useState } from 'react';
import { fileProblem } from '../upload/upload.rules.js';
import type { UploadRequest } from '../upload/uploads.hook.js';
import { VisibilityField } from './visibility-field.js';

/** Pick or drop a file; it starts uploading at once, with the chosen visibility. */
export function UploadPanel({ onStart, compact }: { onStart: (request: UploadRequest) => void; compact: boolean }) {
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [problem, setProblem] = useState<string | null>(null);

  const onFile = (file: File) => {
    const why = fileProblem(file);
    setProblem(why);
    if (!why) onStart({ file, title: titleFromFilename(file.name), visibility });
  };

  return (
    <div className="flex flex-col gap-3">
      <Dropzone
        onFile={onFile}
        accept={VIDEO_ACCEPT}
        title="Drag and drop a video to upload"
        description={`MP4, MOV, MKV, WebM and other video files up to ${formatLimit(DEFAULT_MAX_UPLOAD_BYTES)}. If your connection drops, the upload picks up where it stopped.`}
        buttonLabel="Choose a video"
        compact={compact}
      />
      <div className="max-w-xs">
        <VisibilityField label="Visibility of new uploads" value={visibility} onChange={setVisibility} />
      </div>
      {problem && <Alert tone="error">{problem}</Alert>}
    </div>
  );
}
