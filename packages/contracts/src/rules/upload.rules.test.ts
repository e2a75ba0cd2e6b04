import { describe, expect, it } from 'vitest';
import {
  acceptsVideoFile,
  DEFAULT_MAX_UPLOAD_BYTES,
  extensionOf,
  formatLimit,
  mediaTypeOf,
  titleFromFilename,
  VIDEO_ACCEPT,
  VIDEO_EXTENSIONS,
  VIDEO_MIME_TYPES,
  videoFileProblem,
} from './upload.rules.js';

describe('acceptsVideoFile', () => {
  it('accepts any video type, whatever the name', () => {
    expect(acceptsVideoFile({ name: 'a.bin', type: 'video/mp4' })).toBe(true);
    expect(acceptsVideoFile({ name: undefined, type: 'Video/Quicktime; x=1' })).toBe(true);
  });

  it('accepts the known containers by name when the type says nothing', () => {
    for (const extension of VIDEO_EXTENSIONS) {
      expect(acceptsVideoFile({ name: `clip.${extension.toUpperCase()}`, type: 'application/octet-stream' })).toBe(
        true,
      );
      expect(acceptsVideoFile({ name: `clip.${extension}`, type: '' })).toBe(true);
    }
    expect(acceptsVideoFile({ name: 'clip.mkv', type: undefined })).toBe(true);
  });

  it('accepts the known types outside video/*', () => {
    expect(acceptsVideoFile({ name: 'master', type: 'application/mxf' })).toBe(true);
  });

  it('refuses other types, other names and files that say nothing', () => {
    expect(acceptsVideoFile({ name: 'notes.txt', type: 'text/plain' })).toBe(false);
    expect(acceptsVideoFile({ name: 'clip.mp4', type: 'image/png' })).toBe(false);
    expect(acceptsVideoFile({ name: 'archive.zip', type: 'application/octet-stream' })).toBe(false);
    expect(acceptsVideoFile({ name: '.mp4', type: '' })).toBe(false);
    expect(acceptsVideoFile({ name: undefined, type: undefined })).toBe(false);
  });

  it('knows 16 extensions and a media type for each container', () => {
    expect(VIDEO_EXTENSIONS.size).toBe(16);
    expect([...VIDEO_MIME_TYPES].every((t) => /^[a-z]+\/[a-z0-9.+-]+$/.test(t))).toBe(true);
  });
});

describe('VIDEO_ACCEPT', () => {
  it('offers every video type, the other known types and every extension in the picker', () => {
    const accept = VIDEO_ACCEPT.split(',');
    expect(accept[0]).toBe('video/*');
    expect(accept).toContain('application/mxf');
    for (const extension of VIDEO_EXTENSIONS) expect(accept).toContain(`.${extension}`);
    expect(accept.filter((a) => a.startsWith('video/'))).toEqual(['video/*']);
  });
});

describe('videoFileProblem', () => {
  it('refuses empty files, non-videos and files over the limit, in that order', () => {
    expect(videoFileProblem({ name: 'a.mp4', type: 'video/mp4', size: 10 })).toBeNull();
    expect(videoFileProblem({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toBe('empty');
    expect(videoFileProblem({ name: 'a.pdf', type: 'application/pdf', size: 10 })).toBe('not_video');
    expect(videoFileProblem({ name: 'a.mp4', type: 'video/mp4', size: DEFAULT_MAX_UPLOAD_BYTES })).toBeNull();
    expect(videoFileProblem({ name: 'a.mp4', type: 'video/mp4', size: DEFAULT_MAX_UPLOAD_BYTES + 1 })).toBe(
      'too_large',
    );
    expect(videoFileProblem({ name: 'a.mp4', type: 'video/mp4', size: 101 }, 100)).toBe('too_large');
  });
});

describe('helpers', () => {
  it('reads extensions and media types', () => {
    expect(extensionOf('my.clip.MKV')).toBe('mkv');
    expect(extensionOf('README')).toBe('');
    expect(mediaTypeOf(' Video/MP4 ; codecs="avc1"')).toBe('video/mp4');
    expect(mediaTypeOf(undefined)).toBe('');
  });

  it('writes limits as people read them', () => {
    expect(formatLimit(DEFAULT_MAX_UPLOAD_BYTES)).toBe('2 GiB');
    expect(formatLimit(1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatLimit(100 * 1024)).toBe('1 MiB');
    expect(formatLimit(300 * 1024 ** 2)).toBe('300 MiB');
  });

  it('titles a file by its name, without extension or separators', () => {
    expect(titleFromFilename('my_trip-2024.final.mp4')).toBe('my trip 2024.final');
    expect(titleFromFilename('.mp4')).toBe('Untitled video');
    expect(titleFromFilename(undefined)).toBe('Untitled video');
    expect(titleFromFilename(`${'a'.repeat(300)}.mp4`)).toHaveLength(120);
    expect(titleFromFilename('abcdef.mp4', 3)).toBe('abc');
  });
});
