import { describe, expect, it } from 'vitest';
import { allowance, reservation, uploadExpired, uploadExpiresAt, uploadFields } from './upload.rules.js';

const GiB = 1024 ** 3;

describe('upload rules', () => {
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

  it('reserves an exact size only when it fits', () => {
    const left = allowance({ maxUploadBytes: 100, quotaBytes: 250, usedBytes: 200 });
    expect(reservation(left, { exactly: 50 })).toBe(50);
    expect(() => reservation(left, { exactly: 51 })).toThrow(expect.objectContaining({ code: 'quota_exceeded' }));
    const fresh = allowance({ maxUploadBytes: 100, quotaBytes: 250, usedBytes: 0 });
    expect(() => reservation(fresh, { exactly: 101 })).toThrow(expect.objectContaining({ code: 'upload_too_large' }));
  });

  it('reserves what an upload of unknown size may use, bounded by what it says', () => {
    const left = allowance({ maxUploadBytes: 100, quotaBytes: 250, usedBytes: 200 });
    expect(reservation(left, { atMost: null })).toBe(50);
    expect(reservation(left, { atMost: 80 })).toBe(50);
    expect(reservation(left, { atMost: 20 })).toBe(20);
    expect(reservation(allowance({ maxUploadBytes: 100, quotaBytes: 250, usedBytes: 0 }), { atMost: null })).toBe(100);
    const full = allowance({ maxUploadBytes: 100, quotaBytes: 250, usedBytes: 250 });
    expect(() => reservation(full, { atMost: 10 })).toThrow(expect.objectContaining({ code: 'quota_exceeded' }));
  });

  it('expires an unfinished upload a number of hours after it was last touched', () => {
    const touched = new Date('2030-01-01T00:00:00Z');
    expect(uploadExpiresAt(touched, 24).toISOString()).toBe('2030-01-02T00:00:00.000Z');
    expect(uploadExpired(touched, new Date('2030-01-01T23:59:59Z'), 24)).toBe(false);
    expect(uploadExpired(touched, new Date('2030-01-02T00:00:00Z'), 24)).toBe(true);
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
