import type { AvatarType } from '@framecast/contracts/rules';
import { AppError } from '@framecast/kit';
import sharp from 'sharp';

/** The most pixels an avatar may decode to (a 4096 × 4096 image): a small file cannot unpack into gigabytes. */
export const AVATAR_MAX_PIXELS = 4096 * 4096;
/** Avatars are shown small: kept at most this many pixels on each side. */
export const AVATAR_MAX_SIDE = 512;

const notAnImage = (type: AvatarType) =>
  AppError.badRequest(
    'image_unreadable',
    `The file could not be read as a ${type.slice(6).toUpperCase()} image. Save it again or choose another image.`,
  );

/**
 * Decodes the image and encodes it again in its own format, so only pixels we made are ever stored and served:
 * metadata (EXIF, GPS, ICC comments) is dropped, the picture is turned upright, scaled down to `AVATAR_MAX_SIDE`,
 * and an animated GIF keeps its first frame. A file that does not decode, or decodes to more than
 * `AVATAR_MAX_PIXELS`, is a 400.
 */
export async function reencodeAvatar(bytes: Buffer, type: AvatarType): Promise<Buffer> {
  try {
    const image = sharp(bytes, { limitInputPixels: AVATAR_MAX_PIXELS, failOn: 'error', animated: false })
      .rotate()
      .resize(AVATAR_MAX_SIDE, AVATAR_MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
    switch (type) {
      case 'image/png':
        return await image.png().toBuffer();
      case 'image/jpeg':
        return await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
      case 'image/webp':
        return await image.webp({ quality: 85 }).toBuffer();
      case 'image/gif':
        return await image.gif().toBuffer();
    }
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw AppError.badRequest(
        'image_too_many_pixels',
        'The avatar image is too large in pixels; use one of at most 4096 × 4096.',
      );
    }
    throw notAnImage(type);
  }
}
