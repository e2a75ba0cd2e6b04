import type { Visibility } from '@framecast/contracts';
import { visibilities } from '@framecast/contracts';
import {
  formatLimit,
  titleFromFilename,
  VIDEO_DESCRIPTION_MAX_LENGTH,
  VIDEO_TITLE_MAX_LENGTH,
} from '@framecast/contracts/rules';
import { AppError, rejectNul } from '@framecast/kit';

export const unsupportedType = () =>
  new AppError(
    415,
    'unsupported_video_type',
    'That file is not a video we accept. Upload a video file such as MP4, MOV, MKV or WebM.',
    { field: 'file' },
  );

export interface Allowance {
  /** The most bytes this upload may have. */
  bytes: number;
  /** Why, when it has more: the size limit or the caller's quota. */
  exceeded: () => AppError;
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
          `This upload does not fit in your storage quota of ${formatLimit(opts.quotaBytes)}. Delete some videos first.`,
          { quotaBytes: opts.quotaBytes, usedBytes: opts.usedBytes },
        ),
    };
  }
  return {
    bytes: opts.maxUploadBytes,
    exceeded: () =>
      new AppError(413, 'upload_too_large', `Videos can be at most ${formatLimit(opts.maxUploadBytes)}.`, {
        field: 'file',
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
  const title = (raw.title ?? '').trim() || titleFromFilename(filename, VIDEO_TITLE_MAX_LENGTH);
  if (title.length > VIDEO_TITLE_MAX_LENGTH) {
    throw AppError.badRequest(
      'validation_failed',
      `"title" must be at most ${VIDEO_TITLE_MAX_LENGTH} characters long.`,
      { field: 'title' },
    );
  }
  const description = raw.description ?? '';
  if (description.length > VIDEO_DESCRIPTION_MAX_LENGTH) {
    throw AppError.badRequest(
      'validation_failed',
      `"description" must be at most ${VIDEO_DESCRIPTION_MAX_LENGTH} characters long.`,
      { field: 'description' },
    );
  }
  const visibility = raw.visibility ?? 'private';
  if (!(visibilities as readonly string[]).includes(visibility)) {
    throw AppError.badRequest('validation_failed', '"visibility" must be public, unlisted or private.', {
      field: 'visibility',
    });
  }
  return { title, description, visibility: visibility as Visibility };
}
