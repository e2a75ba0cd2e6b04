declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  /** Decrypts an `aes128gcm` (RFC 8188) body for the receiver holding `privateKey` (RFC 8291). */
  export function decrypt(
    body: Buffer,
    params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string | Buffer },
  ): Buffer;
}
