import {
  DEFAULT_MAX_UPLOAD_BYTES,
  formatLimit,
  VIDEO_TAG_MAX_LENGTH,
  VIDEO_TAGS_MAX,
  videoFileProblem,
} from '@framecast/client';

export interface FileFacts {
  name: string;
  type: string;
  size: number;
}

/**
 * Why a file cannot be uploaded, in words for the person; null when it can. Checked before sending anything, with
 * the rules the video module applies (`videoFileProblem` in the contracts); the server has the last word.
 */
export function fileProblem(file: FileFacts, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): string | null {
  switch (videoFileProblem(file, maxBytes)) {
    case null:
      return null;
    case 'empty':
      return `"${file.name}" is empty.`;
    case 'not_video':
      return `"${file.name}" is not a video. Choose a video file such as MP4, MOV, MKV or WebM.`;
    case 'too_large':
      return `"${file.name}" is larger than the ${formatLimit(maxBytes)} upload limit.`;
  }
}

/**
 * The video an upload created: the last segment of the tus upload URL (`/api/uploads/<video id>`),
 * which the video module makes the video's id.
 */
export function videoIdFromUploadUrl(url: string | null): string | null {
  if (!url) return null;
  const path = new URL(url, 'http://placeholder').pathname.replace(/\/+$/, '');
  const id = path.slice(path.lastIndexOf('/') + 1);
  return id ? decodeURIComponent(id) : null;
}

/** "a, b ,, c" → ["a", "b", "c"]: tags as typed in one field, trimmed, without duplicates. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim().replace(/^#/, ''))
    .filter(Boolean)
    .map((t) => t.slice(0, VIDEO_TAG_MAX_LENGTH));
  return [...new Set(tags)].slice(0, VIDEO_TAGS_MAX);
}
