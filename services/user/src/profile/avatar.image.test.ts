import { AVATAR_MAX_BYTES } from '@framecast/contracts/rules';
import { describe, expect, it } from 'vitest';
import { checkAvatar, typeOfKey } from './avatar.image.js';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('checkAvatar', () => {
  it.each([
    ['image/png', png, 'png'],
    ['image/jpeg', jpeg, 'jpg'],
    ['image/gif', gif, 'gif'],
    ['image/webp', webp, 'webp'],
    ['IMAGE/PNG; charset=binary', png, 'png'],
  ])('accepts %s whose bytes match', (type, bytes, ext) => {
    expect(checkAvatar(type, bytes)).toMatchObject({ ok: true, ext });
  });

  it('refuses other types with 415', () => {
    expect(checkAvatar('image/svg+xml', Buffer.from('<svg/>'))).toMatchObject({
      ok: false,
      status: 415,
      code: 'unsupported_image_type',
    });
    expect(checkAvatar(undefined, png)).toMatchObject({ ok: false, status: 415 });
  });

  it('refuses bytes that are not the declared type', () => {
    const result = checkAvatar('image/png', jpeg);
    expect(result).toMatchObject({ ok: false, status: 400, code: 'image_type_mismatch' });
    expect(result.ok === false && result.message).toContain('not a PNG image');
    expect(checkAvatar('image/webp', Buffer.from('RIFF0000AVI '))).toMatchObject({ ok: false, status: 400 });
    expect(checkAvatar('image/gif', Buffer.from('GIF90a'))).toMatchObject({ ok: false, status: 400 });
    expect(checkAvatar('image/jpeg', Buffer.from([0xff, 0xd8]))).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses empty and oversized images', () => {
    expect(checkAvatar('image/png', Buffer.alloc(0))).toMatchObject({ ok: false, status: 400, code: 'empty_image' });
    const big = Buffer.concat([png, Buffer.alloc(AVATAR_MAX_BYTES)]);
    expect(checkAvatar('image/png', big)).toMatchObject({ ok: false, status: 413, code: 'image_too_large' });
  });
});

describe('helpers', () => {
  it('finds the content type of a stored key', () => {
    expect(typeOfKey('avatars/u/abc.jpg')).toBe('image/jpeg');
    expect(typeOfKey('avatars/u/abc.webp')).toBe('image/webp');
    expect(typeOfKey('avatars/u/abc.exe')).toBeUndefined();
  });
});
