import type { CodeWithStatus } from '@framecast/contracts/errors';
import {
  AVATAR_MAX_BYTES,
  AVATAR_TYPES,
  type AvatarType,
  formatLimit,
  isAvatarType,
  mediaTypeOf,
} from '@framecast/contracts/rules';

/** Each accepted type: its file extension and a test of its leading bytes. */
export const avatarTypes: Record<AvatarType, { ext: string; matches(bytes: Buffer): boolean }> = {
  'image/png': {
    ext: 'png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  'image/jpeg': { ext: 'jpg', matches: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'image/webp': {
    ext: 'webp',
    matches: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
  'image/gif': {
    ext: 'gif',
    matches: (b) => ['GIF87a', 'GIF89a'].includes(b.toString('latin1', 0, 6)),
  },
};

export type AvatarCheck =
  | { ok: true; type: AvatarType; ext: string }
  | { ok: false; status: 400; code: CodeWithStatus<400>; message: string }
  | { ok: false; status: 413; code: CodeWithStatus<413>; message: string }
  | { ok: false; status: 415; code: CodeWithStatus<415>; message: string };

const accepted = 'PNG, JPEG, WebP or GIF';

/** Whether an upload is an avatar we keep: an accepted type, within the size limit, and bytes that are that type. */
export function checkAvatar(contentType: string | undefined, bytes: Buffer): AvatarCheck {
  const type = mediaTypeOf(contentType);
  if (!isAvatarType(type)) {
    return {
      ok: false,
      status: 415,
      code: 'unsupported_image_type',
      message: `An avatar must be a ${accepted} image; "${type || 'no type'}" was sent.`,
    };
  }
  if (bytes.length === 0) {
    return { ok: false, status: 400, code: 'empty_image', message: 'The avatar image is empty.' };
  }
  if (bytes.length > AVATAR_MAX_BYTES) {
    return {
      ok: false,
      status: 413,
      code: 'image_too_large',
      message: `An avatar can be at most ${formatLimit(AVATAR_MAX_BYTES)}.`,
    };
  }
  const spec = avatarTypes[type];
  if (!spec.matches(bytes)) {
    return {
      ok: false,
      status: 400,
      code: 'image_type_mismatch',
      message: `The file is not a ${type.slice(6).toUpperCase()} image, although it was sent as ${type}.`,
    };
  }
  return { ok: true, type, ext: spec.ext };
}

/** Content type of a stored avatar, from the extension of its key. */
export function typeOfKey(key: string): AvatarType | undefined {
  const ext = key.slice(key.lastIndexOf('.') + 1);
  return AVATAR_TYPES.find((t) => avatarTypes[t].ext === ext);
}
