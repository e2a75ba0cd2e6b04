import type { Account, VideoHarness } from './video.harness.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** tus `Upload-Metadata`: comma-separated `key base64(value)` pairs. */
export const uploadMetadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');

/** tus requests over real HTTP against a harness. */
export function tusClient(h: VideoHarness) {
  return {
    create(who: Account | undefined, length: number, fields: Record<string, string>) {
      return fetch(`${h.rt.url}/api/uploads`, {
        method: 'POST',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': String(length),
          'upload-metadata': uploadMetadata(fields),
          ...(who ? who.auth : {}),
        },
      });
    },

    patch(who: Account, location: string, offset: number, body: Buffer) {
      return fetch(`${h.rt.url}${location}`, {
        method: 'PATCH',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
          ...who.auth,
        },
        body,
      });
    },

    head(who: Account, location: string) {
      return fetch(`${h.rt.url}${location}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', ...who.auth } });
    },
  };
}

/** The video id a tus `Location` names. */
export const videoIdOf = (res: Response) => (res.headers.get('location') ?? '').split('/').pop() ?? '';
