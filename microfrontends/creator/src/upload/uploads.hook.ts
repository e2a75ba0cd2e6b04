import type { ApiError, FramecastClient, Visibility } from '@framecast/client';
import { useCallback, useRef, useState } from 'react';
import { type ResumableUpload, startResumableUpload } from './tus.upload.js';
import { bytesPerSecond, type ProgressSample, trimSamples } from './upload.progress.js';

export type UploadPhase = 'starting' | 'uploading' | 'done' | 'failed' | 'cancelled';

/** One file being sent, as the studio shows it. */
export interface ActiveUpload {
  key: string;
  fileName: string;
  videoId: string | null;
  phase: UploadPhase;
  sent: number;
  total: number;
  /** Bytes per second, smoothed. */
  speed: number;
  error: ApiError | null;
}

export interface UploadRequest {
  file: File;
  title: string;
  visibility: Visibility;
}

/** The studio's uploads: start, track (bytes, speed, video id) and cancel. */
export function useUploads(client: FramecastClient, onVideoCreated: () => void) {
  const [uploads, setUploads] = useState<ActiveUpload[]>([]);
  const handles = useRef(new Map<string, ResumableUpload>());
  const samples = useRef(new Map<string, ProgressSample[]>());
  const created = useRef(onVideoCreated);
  created.current = onVideoCreated;

  const patch = useCallback((key: string, change: Partial<ActiveUpload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const start = useCallback(
    async ({ file, title, visibility }: UploadRequest) => {
      const key = `${file.name}:${file.size}:${Date.now()}`;
      setUploads((list) => [
        {
          key,
          fileName: file.name,
          videoId: null,
          phase: 'starting',
          sent: 0,
          total: file.size,
          speed: 0,
          error: null,
        },
        ...list,
      ]);
      try {
        const handle = await startResumableUpload({
          client,
          endpoint: new URL(client.uploads.endpoint, window.location.href).href,
          file,
          title,
          visibility,
          onVideo: (videoId) => {
            patch(key, { videoId });
            created.current();
          },
          onProgress: (sent, total) => {
            const now = performance.now();
            const kept = trimSamples([...(samples.current.get(key) ?? []), { at: now, bytes: sent }], now);
            samples.current.set(key, kept);
            patch(key, { phase: 'uploading', sent, total, speed: bytesPerSecond(kept) });
          },
          onSuccess: () => {
            handles.current.delete(key);
            patch(key, { phase: 'done', sent: file.size, speed: 0 });
            created.current();
          },
          onError: (error) => {
            handles.current.delete(key);
            patch(key, { phase: 'failed', error, speed: 0 });
          },
        });
        handles.current.set(key, handle);
      } catch (error) {
        patch(key, { phase: 'failed', error: error as ApiError });
      }
    },
    [client, patch],
  );

  const cancel = useCallback(
    async (key: string) => {
      const handle = handles.current.get(key);
      handles.current.delete(key);
      patch(key, { phase: 'cancelled', speed: 0 });
      // Terminating also deletes the video the upload created; the list catches up on its next load.
      await handle?.cancel().catch(() => {});
      created.current();
    },
    [patch],
  );

  const dismiss = useCallback((key: string) => setUploads((list) => list.filter((u) => u.key !== key)), []);

  return { uploads, start, cancel, dismiss };
}
