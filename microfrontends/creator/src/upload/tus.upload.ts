import { ApiError, errorFromProblem, type FramecastClient, type Visibility } from '@framecast/client';
import { type DetailedError, Upload } from 'tus-js-client';
import { videoIdFromUploadUrl } from './upload.rules.js';

export interface ResumableUploadOptions {
  client: FramecastClient;
  /** Absolute tus endpoint. */
  endpoint: string;
  file: File;
  title: string;
  visibility: Visibility;
  onVideo(id: string): void;
  onProgress(sent: number, total: number): void;
  onSuccess(): void;
  onError(error: ApiError): void;
}

export interface ResumableUpload {
  /** Stops sending and removes the upload on the server (the video it created goes with it). */
  cancel(): Promise<void>;
}

/** Chunks keep each request small, so a dropped connection costs at most one chunk. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/** Statuses worth retrying: conflicts of a resumed offset, rate limits and server trouble. */
function retryable(status: number): boolean {
  return status === 0 || status === 409 || status === 423 || status === 429 || status >= 500;
}

function toApiError(error: Error | DetailedError): ApiError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (!response) {
    return new ApiError(0, 'network_error', 'The upload lost its connection. Check your network and try again.');
  }
  const status = response.getStatus();
  const text = (response.getBody() ?? '').trim();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // tus answers a refused upload with its reason as plain text.
    if (text && text.length < 500 && !text.startsWith('<')) body = { detail: text };
  }
  return errorFromProblem(status, body, null);
}

/**
 * Sends a file with the tus protocol. tus-js-client remembers the upload (a fingerprint of the file in
 * localStorage), so choosing the same file again after a reload or a crash resumes where it stopped;
 * dropped connections are retried with backoff from the server's offset.
 */
export async function startResumableUpload(options: ResumableUploadOptions): Promise<ResumableUpload> {
  const { client, file } = options;
  let reportedVideo: string | null = null;
  const reportVideo = (url: string | null) => {
    const id = videoIdFromUploadUrl(url);
    if (id && id !== reportedVideo) {
      reportedVideo = id;
      options.onVideo(id);
    }
  };

  const upload = new Upload(file, {
    endpoint: options.endpoint,
    chunkSize: CHUNK_BYTES,
    retryDelays: [0, 1000, 3000, 5000, 10_000, 20_000],
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    metadata: {
      filename: file.name,
      filetype: file.type || 'application/octet-stream',
      title: options.title,
      visibility: options.visibility,
    },
    onBeforeRequest: async (request) => {
      const token = await client.auth.accessToken();
      if (token) request.setHeader('Authorization', `Bearer ${token}`);
    },
    onShouldRetry: (error) => {
      const status = error.originalResponse?.getStatus() ?? 0;
      if (status === 401) {
        // The access token expired mid-upload: refresh it; the retry's onBeforeRequest waits for it.
        void client.auth.renew();
        return true;
      }
      return retryable(status);
    },
    onUploadUrlAvailable: () => reportVideo(upload.url),
    onProgress: options.onProgress,
    onSuccess: () => {
      reportVideo(upload.url);
      options.onSuccess();
    },
    onError: (error) => options.onError(toApiError(error)),
  });

  const previous = await upload.findPreviousUploads();
  const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
  if (latest) upload.resumeFromPreviousUpload(latest);
  upload.start();

  return {
    cancel: () => upload.abort(true),
  };
}
