/**
 * Which files the studio offers to upload and the video module accepts. Both only look at the declared type and the
 * name; the transcoder's probe decides for real. Any `video/*` type is accepted; so is a known container whose type
 * the browser did not know (empty or `application/octet-stream`, common for MKV, MXF or TS files).
 */
export interface VideoContainer {
  /** Extensions, lowercased, without the dot. */
  readonly extensions: readonly string[];
  /** The media types it is sent with; the ones outside `video/*` are accepted by name. */
  readonly mimeTypes: readonly string[];
}

export const VIDEO_CONTAINERS: readonly VideoContainer[] = [
  { extensions: ['mp4', 'm4v'], mimeTypes: ['video/mp4', 'video/x-m4v'] },
  { extensions: ['mov'], mimeTypes: ['video/quicktime'] },
  { extensions: ['mkv'], mimeTypes: ['video/x-matroska', 'video/matroska'] },
  { extensions: ['webm'], mimeTypes: ['video/webm'] },
  { extensions: ['avi'], mimeTypes: ['video/x-msvideo', 'video/avi', 'video/msvideo'] },
  { extensions: ['wmv'], mimeTypes: ['video/x-ms-wmv'] },
  { extensions: ['flv'], mimeTypes: ['video/x-flv'] },
  { extensions: ['mpg', 'mpeg'], mimeTypes: ['video/mpeg'] },
  { extensions: ['ts', 'mts', 'm2ts'], mimeTypes: ['video/mp2t', 'video/vnd.dlna.mpeg-tts'] },
  { extensions: ['3gp'], mimeTypes: ['video/3gpp'] },
  { extensions: ['ogv'], mimeTypes: ['video/ogg'] },
  { extensions: ['mxf'], mimeTypes: ['application/mxf'] },
];

export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(VIDEO_CONTAINERS.flatMap((c) => c.extensions));
export const VIDEO_MIME_TYPES: ReadonlySet<string> = new Set(VIDEO_CONTAINERS.flatMap((c) => c.mimeTypes));

/** The `accept` attribute of the studio's file picker: every video type, the other known types and the extensions. */
export const VIDEO_ACCEPT = [
  'video/*',
  ...[...VIDEO_MIME_TYPES].filter((t) => !t.startsWith('video/')),
  ...[...VIDEO_EXTENSIONS].map((e) => `.${e}`),
].join(',');

/** The default of `VIDEO_MAX_UPLOAD_BYTES`, which the studio also assumes. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** `my.clip.MKV` → `mkv`; a name without a dot, or only a leading one (`.mp4`), has none. */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/** The media type without parameters, lowercased: `Video/MP4; codecs=avc1` → `video/mp4`. */
export function mediaTypeOf(type: string | undefined): string {
  return (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Whether a file looks like a video we accept, by its declared type or, when that says nothing, its name. */
export function acceptsVideoFile(file: { name: string | undefined; type: string | undefined }): boolean {
  const mime = mediaTypeOf(file.type);
  if (mime.startsWith('video/') || VIDEO_MIME_TYPES.has(mime)) return true;
  const generic = mime === '' || mime === 'application/octet-stream';
  return generic && file.name !== undefined && VIDEO_EXTENSIONS.has(extensionOf(file.name));
}

export type VideoFileProblem = 'empty' | 'not_video' | 'too_large';

/** What keeps a file from being uploaded before anything is sent, or null. */
export function videoFileProblem(
  file: { name: string; type: string; size: number },
  maxBytes = DEFAULT_MAX_UPLOAD_BYTES,
): VideoFileProblem | null {
  if (file.size === 0) return 'empty';
  if (!acceptsVideoFile(file)) return 'not_video';
  if (file.size > maxBytes) return 'too_large';
  return null;
}

/** A size limit as people read it: `2 GiB`, `1.5 GiB`, `100 MiB`. */
export function formatLimit(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${Number(gib.toFixed(1))} GiB` : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MiB`;
}

/** A starting title from the file name: "my_trip-2024.final.mp4" → "my trip 2024.final". */
export function titleFromFilename(filename: string | undefined, maxLength = 120): string {
  const base = (filename ?? '')
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (base || 'Untitled video').slice(0, maxLength);
}
