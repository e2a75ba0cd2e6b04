/** What the picker offers: any video type, plus containers browsers often report without a type. */
export const ACCEPT = 'video/*,.mp4,.m4v,.mov,.mkv,.webm,.avi,.mpg,.mpeg,.ts,.flv,.wmv,.3gp';

const EXTENSIONS = new Set(ACCEPT.split(',').filter((a) => a.startsWith('.')));

/** The server's default upload limit; the server has the last word (413 with its own message). */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

export interface FileFacts {
  name: string;
  type: string;
  size: number;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** Why a file cannot be uploaded, in words for the person; null when it can. Checked before sending anything. */
export function fileProblem(file: FileFacts, maxBytes = DEFAULT_MAX_BYTES): string | null {
  if (file.size === 0) return `"${file.name}" is empty.`;
  const isVideo = file.type.startsWith('video/') || EXTENSIONS.has(extensionOf(file.name));
  if (!isVideo) return `"${file.name}" is not a video. Choose a video file such as MP4, MOV, MKV or WebM.`;
  if (file.size > maxBytes) {
    const gib = Math.round((maxBytes / 1024 ** 3) * 10) / 10;
    return `"${file.name}" is larger than the ${gib} GB upload limit.`;
  }
  return null;
}

/** A starting title from the file name: "my_trip-2024.final.mp4" → "my trip 2024.final". */
export function titleFromFilename(name: string): string {
  const base = name
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (base || 'Untitled video').slice(0, 120);
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
    .map((t) => t.slice(0, 40));
  return [...new Set(tags)].slice(0, 20);
}
