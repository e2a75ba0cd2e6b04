import { describe, expect, it } from 'vitest';
import { acceptsUpload, allowance, titleFrom, uploadFields } from './upload.rules.js';

const GiB = 1024 ** 3;

describe('upload rules', () => {
  it('accepts video types and video containers by name', () => {
    expect(acceptsUpload('a.bin', 'video/mp4')).toBe(true);
    expect(acceptsUpload('clip.MOV', 'application/octet-stream')).toBe(true);
    expect(acceptsUpload('clip.mkv', undefined)).toBe(true);
    expect(acceptsUpload('notes.txt', 'text/plain')).toBe(false);
    expect(acceptsUpload('clip.mp4', 'image/png')).toBe(false);
    expect(acceptsUpload('archive.zip', 'application/octet-stream')).toBe(false);
    expect(acceptsUpload(undefined, undefined)).toBe(false);
  });

  it('titles untitled uploads by file name', () => {
    expect(titleFrom('holiday.mp4')).toBe('holiday');
    expect(titleFrom(undefined)).toBe('Untitled video');
  });

  it('limits by size, or by what is left of the quota', () => {
    const bySize = allowance({ maxUploadBytes: 2 * GiB, quotaBytes: 10 * GiB, usedBytes: 0 });
    expect(bySize.bytes).toBe(2 * GiB);
    expect(bySize.exceeded()).toMatchObject({
      status: 413,
      code: 'upload_too_large',
      message: 'Videos can be at most 2 GiB.',
    });
    const byQuota = allowance({ maxUploadBytes: 2 * GiB, quotaBytes: 10 * GiB, usedBytes: 9 * GiB });
    expect(byQuota.bytes).toBe(GiB);
    expect(byQuota.exceeded()).toMatchObject({ status: 413, code: 'quota_exceeded' });
    expect(allowance({ maxUploadBytes: 10, quotaBytes: 10, usedBytes: 50 }).bytes).toBe(0);
  });

  it('checks the text fields', () => {
    expect(uploadFields({}, 'a.mp4')).toEqual({ title: 'a', description: '', visibility: 'private' });
    expect(uploadFields({ title: ' T ', visibility: 'public', description: 'd' }, undefined)).toEqual({
      title: 'T',
      description: 'd',
      visibility: 'public',
    });
    expect(() => uploadFields({ visibility: 'secret' }, undefined)).toThrow(/visibility/);
    expect(() => uploadFields({ title: 'x'.repeat(121) }, undefined)).toThrow(/title/);
  });
});
