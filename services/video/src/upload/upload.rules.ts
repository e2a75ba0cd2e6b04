import type { Visibility } from '@framecast/contracts';
import { visibilities } from '@framecast/contracts';
import { AppError, rejectNul } from '@framecast/kit';

/** Containers accepted by extension when the client does not say `video/*` (browsers often send octet-stream). */
const VIDEO_EXTENSIONS = new Set([
  'mp4',
  'm4v',
  'mov',
  'mkv',
  'webm',
  'avi',
  'wmv',
  'flv',
  'mpg',
  'mpeg',
  'ts',
  'mts',
  'm2ts',
  '3gp',
  'ogv',
  'mxf',
]);

function extension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/** Whether an upload looks like a video by its declared type or its file name; FFprobe decides for real later. */
export function acceptsUpload(filename: string | undefined, type: string | undefined): boolean {
  const mime = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime.startsWith('video/')) return true;
  const generic = mime === '' || mime === 'application/octet-stream';
  return generic && filename !== undefined && VIDEO_EXTENSIONS.has(extension(filename));
}

export const unsupportedType = () =>
  new AppError(
    415,
    'unsupported_video_type',
    'That file is not a video we accept. Upload a video file such as MP4, MOV, MKV or WebM.',
  );

/** A title for an upload that came without one: the file name without its extension. */
export function titleFrom(filename: string | undefined): string {
  const base = (filename ?? '').replace(/\.[^.]*$/, '').trim();
  return (base || 'Untitled video').slice(0, 120);
}

export interface Allowance {
  /** The most bytes this upload may have. */
  bytes: number;
  /** Why, when it has more: the size limit or the caller's quota. */
  exceeded: () => AppError;
}

function gib(bytes: number): string {
  const value = bytes / 1024 ** 3;
  return value >= 1 ? `${Number(value.toFixed(1))} GiB` : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MiB`;
}

/** How large an upload may be: the smaller of the size limit and what is left of the quota. */
export function allowance(opts: { maxUploadBytes: number; quotaBytes: number; usedBytes: number }): Allowance {
  const left = Math.max(0, opts.quotaBytes - opts.usedBytes);
  if (left < opts.maxUploadBytes) {
    return {
      bytes: left,
      exceeded: () =>
        new AppError(
          413,
          'quota_exceeded',
          `This upload does not fit in your storage quota of ${gib(opts.quotaBytes)}. Delete some videos first.`,
          {
            quotaBytes: opts.quotaBytes,
            usedBytes: opts.usedBytes,
          },
        ),
    };
  }
  return {
    bytes: opts.maxUploadBytes,
    exceeded: () =>
      new AppError(413, 'upload_too_large', `Videos can be at most ${gib(opts.maxUploadBytes)}.`, {
        maxBytes: opts.maxUploadBytes,
      }),
  };
}

/** What an upload asks to reserve: its exact size (tus), or at most a size it cannot exceed (multipart). */
export type Need = { exactly: number } | { atMost: number | null };

/**
 * The bytes to reserve for an upload in what `allowed` leaves: the announced size when it fits, else the allowance
 * itself, narrowed by an upper bound such as a request's Content-Length. Throws the allowance's error when nothing
 * can fit.
 */
export function reservation(allowed: Allowance, need: Need): number {
  if ('exactly' in need) {
    if (need.exactly > allowed.bytes) throw allowed.exceeded();
    return need.exactly;
  }
  if (allowed.bytes <= 0) throw allowed.exceeded();
  return need.atMost === null ? allowed.bytes : Math.min(allowed.bytes, need.atMost);
}

/** When an unfinished upload last touched at `touchedAt` expires. */
export function uploadExpiresAt(touchedAt: Date, expiryHours: number): Date {
  return new Date(touchedAt.getTime() + expiryHours * 3600_000);
}

/** Whether an unfinished upload last touched at `touchedAt` has expired at `now`. */
export function uploadExpired(touchedAt: Date, now: Date, expiryHours: number): boolean {
  return now.getTime() >= uploadExpiresAt(touchedAt, expiryHours).getTime();
}

export interface UploadFields {
  title: string;
  description: string;
  visibility: Visibility;
}

/** The text fields of an upload (multipart fields or tus metadata), checked like the edit schema. */
export function uploadFields(raw: Record<string, string | undefined>, filename: string | undefined): UploadFields {
  rejectNul({ ...raw, filename });
  const title = (raw.title ?? '').trim() || titleFrom(filename);
  if (title.length > 120)
    throw AppError.badRequest('validation_failed', '"title" must be at most 120 characters long.');
  const description = raw.description ?? '';
  if (description.length > 5000) {
    throw AppError.badRequest('validation_failed', '"description" must be at most 5000 characters long.');
  }
  const visibility = raw.visibility ?? 'private';
  if (!(visibilities as readonly string[]).includes(visibility)) {
    throw AppError.badRequest('validation_failed', '"visibility" must be public, unlisted or private.');
  }
  return { title, description, visibility: visibility as Visibility };
}
