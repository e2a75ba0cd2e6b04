import type { User } from '@framecast/contracts';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Registered, register, startUserModule, type UserHarness } from '../testing/user.harness.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** A real 1×1 GIF. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

let h: UserHarness;

beforeAll(async () => {
  h = await startUserModule();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const upload = (account: Registered, body: Buffer | string, type: string) =>
  h.rt.app.inject({
    method: 'PUT',
    url: '/api/users/me/avatar',
    headers: { ...account.auth, 'content-type': type },
    payload: body,
  });

const keysOf = async (userId: string) => {
  const keys: string[] = [];
  for await (const object of h.rt.adapters.storage.list(`avatars/${userId}/`)) keys.push(object.key);
  return keys;
};

describe('avatars', () => {
  it('round-trip: upload, serve with an immutable cache, replace (old one deleted), remove', async () => {
    const account = await register(h.rt);
    const id = account.result.user.id;

    const first = await upload(account, PNG, 'image/png');
    expect(first.statusCode).toBe(200);
    const url = first.json<User>().avatarUrl!;
    expect(url).toMatch(new RegExp(`^/api/channels/${account.handle}/avatar\\?v=[A-Za-z0-9_-]+$`));
    expect(await keysOf(id)).toEqual([expect.stringMatching(new RegExp(`^avatars/${id}/[A-Za-z0-9_-]+\\.png$`))]);

    const served = await h.rt.app.inject({ method: 'GET', url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // Stored as we encoded it: still a 1×1 PNG, not the bytes sent.
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });

    const me = await h.rt.app.inject({ method: 'GET', url: '/api/users/me', headers: account.auth });
    expect(me.json<User>().avatarUrl).toBe(url);

    const second = await upload(account, GIF, 'image/gif');
    const newUrl = second.json<User>().avatarUrl!;
    expect(newUrl).not.toBe(url);
    expect(await keysOf(id)).toEqual([expect.stringMatching(/\.gif$/)]);
    const servedGif = await h.rt.app.inject({ method: 'GET', url: newUrl });
    expect(servedGif.headers['content-type']).toBe('image/gif');
    expect(await sharp(servedGif.rawPayload).metadata()).toMatchObject({ format: 'gif', width: 1, height: 1 });
    // An old URL gets the current image, but only briefly cacheable.
    const stale = await h.rt.app.inject({ method: 'GET', url });
    expect(stale.headers['cache-control']).toBe('public, max-age=60');

    const removed = await h.rt.app.inject({ method: 'DELETE', url: '/api/users/me/avatar', headers: account.auth });
    expect(removed.statusCode).toBe(200);
    expect(removed.json<User>().avatarUrl).toBeNull();
    expect(await keysOf(id)).toEqual([]);
    const gone = await h.rt.app.inject({ method: 'GET', url: newUrl });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'avatar_not_found' });
  });

  it('refuses types other than PNG, JPEG, WebP and GIF with 415', async () => {
    const account = await register(h.rt);
    for (const type of ['image/svg+xml', 'application/json', 'text/plain']) {
      const res = await upload(account, type === 'application/json' ? '{"a":1}' : '<svg/>', type);
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ code: 'unsupported_image_type' });
      expect(res.json().detail).toContain('PNG, JPEG, WebP or GIF');
    }
  });

  it('refuses bytes that do not match the declared type', async () => {
    const account = await register(h.rt);
    const res = await upload(account, GIF, 'image/png');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'image_type_mismatch' });
    const text = await upload(account, 'definitely not an image', 'image/jpeg');
    expect(text.statusCode).toBe(400);
    expect(await keysOf(account.result.user.id)).toEqual([]);
  });

  it('refuses an empty body', async () => {
    const account = await register(h.rt);
    const res = await upload(account, Buffer.alloc(0), 'image/png');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'empty_image' });
  });

  it('decodes and re-encodes every avatar: metadata dropped, size capped, pixels limited', async () => {
    const account = await register(h.rt);
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'secret-exif-marker', ImageDescription: 'home at 51.5N' } })
      .toBuffer();
    expect(photo.includes('secret-exif-marker')).toBe(true);
    const res = await upload(account, photo, 'image/jpeg');
    expect(res.statusCode).toBe(200);
    const served = await h.rt.app.inject(res.json<User>().avatarUrl!);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.rawPayload.includes('secret-exif-marker')).toBe(false);
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 512, height: 341 });
    expect(meta.exif).toBeUndefined();

    // A small file that unpacks into 10 000 × 10 000 pixels.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const refused = await upload(account, bomb, 'image/png');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'image_too_many_pixels' });
  });

  it('refuses a file that starts like an image but does not decode, with 400', async () => {
    const account = await register(h.rt);
    for (const [bytes, type] of [
      [PNG.subarray(0, 20), 'image/png'],
      [Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(200, 7)]), 'image/jpeg'],
      [Buffer.from('GIF89a<script>alert(1)</script>', 'latin1'), 'image/gif'],
    ] as const) {
      const res = await upload(account, bytes, type);
      expect(res.statusCode, type).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'image_unreadable' });
      expect(res.json().detail).toContain('could not be read');
    }
    expect(await keysOf(account.result.user.id)).toEqual([]);
  });

  it('refuses more than 2 MiB with 413', async () => {
    const account = await register(h.rt);
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const res = await upload(account, big, 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toContain('2 MiB');
  });

  it('accepts exactly 2 MiB', async () => {
    const account = await register(h.rt);
    const max = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 - PNG.length)]);
    const res = await upload(account, max, 'image/png');
    expect(res.statusCode).toBe(200);
  });

  it('needs a signed-in caller', async () => {
    const res = await h.rt.app.inject({
      method: 'PUT',
      url: '/api/users/me/avatar',
      headers: { 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(res.statusCode).toBe(401);
    const del = await h.rt.app.inject({ method: 'DELETE', url: '/api/users/me/avatar' });
    expect(del.statusCode).toBe(401);
  });

  it('answers 404 for the avatar of an unknown channel', async () => {
    const res = await h.rt.app.inject({ method: 'GET', url: '/api/channels/nobody_at_all/avatar' });
    expect(res.statusCode).toBe(404);
  });
});
