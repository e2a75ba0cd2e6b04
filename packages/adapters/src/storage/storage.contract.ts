import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidKeyError, ObjectNotFoundError, RangeNotSatisfiableError } from './storage.errors.js';
import type { ObjectStorage } from './types.js';

const MiB = 1024 * 1024;

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `size` bytes made on demand, 64 KiB at a time, never held whole: the sha256 of what was produced is
 * ready once the stream ends. The bytes are deterministic so a mismatch anywhere shows in the hash.
 */
function generatedStream(size: number) {
  const hash = createHash('sha256');
  let produced = 0;
  let reads = 0;
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      reads += 1;
      if (produced >= size) {
        this.push(null);
        return;
      }
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - produced));
      for (let i = 0; i < chunk.length; i++) chunk[i] = ((produced + i) * 2654435761) >>> 24;
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex'), reads: () => reads };
}

async function digestOf(body: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function keysUnder(storage: ObjectStorage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of storage.list(prefix)) keys.push(info.key);
  return keys.sort();
}

/** The object storage contract: every `ObjectStorage` implementation runs this suite. */
export function storageContract(name: string, create: () => Promise<ObjectStorage>): void {
  describe(`ObjectStorage contract: ${name}`, () => {
    let storage: ObjectStorage;
    let run = 0;
    // Each test writes under its own folder, so tests never see each other's objects.
    let base: string;

    beforeAll(async () => {
      storage = await create();
    });
    afterAll(async () => {
      await storage?.close();
    });
    beforeEach(() => {
      run += 1;
      base = `t${run}-${Date.now()}`;
    });

    it('answers ping', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    it('round-trips a buffer byte for byte, with its content type', async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const key = `${base}/avatars/u1/a.webp`;
      const put = await storage.put(key, bytes, { contentType: 'image/webp' });
      expect(put).toMatchObject({ key, size: 256, contentType: 'image/webp' });
      const got = await storage.get(key);
      expect(got).toMatchObject({ key, size: 256, contentLength: 256, contentType: 'image/webp' });
      expect(got.range).toBeUndefined();
      expect((await bytesOf(got.body)).equals(bytes)).toBe(true);
      expect(await storage.head(key)).toMatchObject({ key, size: 256, contentType: 'image/webp' });
      expect((await storage.head(key))?.lastModified).toBeInstanceOf(Date);
    });

    it('stores an empty object', async () => {
      const key = `${base}/empty.txt`;
      await storage.put(key, Buffer.alloc(0));
      const got = await storage.get(key);
      expect(got).toMatchObject({ size: 0, contentLength: 0 });
      expect((await bytesOf(got.body)).length).toBe(0);
    });

    it('streams a 12 MiB put from a generated stream and reads it back identical', async () => {
      const size = 12 * MiB;
      const source = generatedStream(size);
      const key = `${base}/videos/v1/original.mp4`;
      const put = await storage.put(key, source.stream, { contentType: 'video/mp4' });
      expect(put).toMatchObject({ key, size, contentType: 'video/mp4' });
      // Pulled chunk by chunk (12 MiB / 64 KiB = 192 chunks), not handed over as one buffer.
      expect(source.reads()).toBeGreaterThanOrEqual(192);
      const got = await storage.get(key);
      expect(got.contentLength).toBe(size);
      expect(await digestOf(got.body)).toEqual({ sha256: source.digest(), size });
    }, 60_000);

    it('replaces an object on a second put, dropping a content type no longer given', async () => {
      const key = `${base}/replace.bin`;
      await storage.put(key, Buffer.from('first version'), { contentType: 'text/plain' });
      await storage.put(key, Buffer.from('second'), { contentType: 'application/json' });
      const got = await storage.get(key);
      expect(got.contentType).toBe('application/json');
      expect((await bytesOf(got.body)).toString()).toBe('second');
    });

    it('moves a local file in: the object has its bytes and type, and the file is gone', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'framecast-storage-move-'));
      try {
        const file = join(dir, 'upload.bin');
        const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
        await writeFile(file, bytes);
        const key = `${base}/videos/v2/original`;
        expect(await storage.moveFile(key, file, { contentType: 'video/mp4' })).toMatchObject({
          key,
          size: 3000,
          contentType: 'video/mp4',
        });
        expect(existsSync(file)).toBe(false);
        const got = await storage.get(key);
        expect(got.contentType).toBe('video/mp4');
        expect((await bytesOf(got.body)).equals(bytes)).toBe(true);
        await expect(storage.moveFile(`${base}/missing`, join(dir, 'absent.bin'))).rejects.toThrow();
        expect(await storage.head(`${base}/missing`)).toBeNull();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('leaves no object behind when the body fails mid-write', async () => {
      const key = `${base}/broken.bin`;
      let sent = 0;
      // 6 MiB before the failure: past the first 5 MiB part of a multipart upload.
      const failing = new Readable({
        read() {
          if (sent >= 96) {
            this.destroy(new Error('upload connection lost'));
            return;
          }
          sent += 1;
          this.push(Buffer.alloc(64 * 1024, 7));
        },
      });
      // Only the rejection is compared: s3rver refuses AbortMultipartUpload, and the SDK then reports that instead.
      await expect(storage.put(key, failing)).rejects.toThrow();
      expect(await storage.head(key)).toBeNull();
      expect(await keysUnder(storage, `${base}/`)).toEqual([]);
    });

    describe('range reads', () => {
      const bytes = Buffer.from('0123456789abcdefghij'); // 20 bytes
      let key: string;
      beforeEach(async () => {
        key = `${base}/range.txt`;
        await storage.put(key, bytes, { contentType: 'text/plain' });
      });

      it('reads from a start to the end', async () => {
        const got = await storage.get(key, { start: 10 });
        expect(got).toMatchObject({ size: 20, contentLength: 10, range: { start: 10, end: 19 } });
        expect((await bytesOf(got.body)).toString()).toBe('abcdefghij');
      });

      it('reads an inclusive start-end span', async () => {
        const got = await storage.get(key, { start: 2, end: 5 });
        expect(got).toMatchObject({ size: 20, contentLength: 4, range: { start: 2, end: 5 } });
        expect((await bytesOf(got.body)).toString()).toBe('2345');
      });

      it('reads the last byte alone, and clips an end past it', async () => {
        const last = await storage.get(key, { start: 19, end: 19 });
        expect(last).toMatchObject({ contentLength: 1, range: { start: 19, end: 19 } });
        expect((await bytesOf(last.body)).toString()).toBe('j');
        const clipped = await storage.get(key, { start: 18, end: 1000 });
        expect(clipped).toMatchObject({ contentLength: 2, range: { start: 18, end: 19 } });
        expect((await bytesOf(clipped.body)).toString()).toBe('ij');
      });

      it('refuses a start at or beyond the size, and an end before the start', async () => {
        await expect(storage.get(key, { start: 20 })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
        await expect(storage.get(key, { start: 500, end: 600 })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
        await expect(storage.get(key, { start: 5, end: 4 })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
        await expect(storage.get(key, { start: -1 })).rejects.toMatchObject({ code: 'range_not_satisfiable' });
      });
    });

    it('reports a missing object: get throws ObjectNotFoundError, head answers null, delete is quiet', async () => {
      const key = `${base}/nothing/here.bin`;
      await expect(storage.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(storage.get(key)).rejects.toMatchObject({ code: 'object_not_found', key });
      await expect(storage.get(key, { start: 0 })).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await storage.head(key)).toBeNull();
      await expect(storage.delete(key)).resolves.toBeUndefined();
    });

    it('treats a folder-like prefix of stored objects as no object', async () => {
      await storage.put(`${base}/dir/file.txt`, Buffer.from('x'));
      await expect(storage.get(`${base}/dir`)).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await storage.head(`${base}/dir`)).toBeNull();
    });

    it('refuses keys with "..", a leading "/", a NUL or empty segments, in every operation', async () => {
      const bad = ['../escape.txt', `${base}/../../etc/passwd`, '/absolute.txt', `${base}/nul\0.txt`, `${base}//x`, ''];
      for (const key of bad) {
        await expect(storage.put(key, Buffer.from('x')), key).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidKeyError);
        await expect(storage.head(key), key).rejects.toMatchObject({ code: 'invalid_key' });
        await expect(storage.delete(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      }
      await expect(storage.deletePrefix('../')).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.deletePrefix(`${base}/no-trailing-slash`)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(keysUnder(storage, '/abs/')).rejects.toBeInstanceOf(InvalidKeyError);
    });

    it('deletes one object', async () => {
      const key = `${base}/one.txt`;
      await storage.put(key, Buffer.from('x'));
      await storage.delete(key);
      expect(await storage.head(key)).toBeNull();
    });

    it('lists every object under a prefix, at any depth, with sizes', async () => {
      await storage.put(`${base}/v1/hls/master.m3u8`, Buffer.from('#EXTM3U'));
      await storage.put(`${base}/v1/hls/720p/seg-0001.m4s`, Buffer.alloc(1000));
      await storage.put(`${base}/v1/thumb.jpg`, Buffer.alloc(10));
      await storage.put(`${base}/v10/other.txt`, Buffer.from('not under v1/'));
      const listed: { key: string; size: number }[] = [];
      for await (const info of storage.list(`${base}/v1/`)) listed.push({ key: info.key, size: info.size });
      listed.sort((a, b) => a.key.localeCompare(b.key));
      expect(listed).toEqual([
        { key: `${base}/v1/hls/720p/seg-0001.m4s`, size: 1000 },
        { key: `${base}/v1/hls/master.m3u8`, size: 7 },
        { key: `${base}/v1/thumb.jpg`, size: 10 },
      ]);
      expect(await keysUnder(storage, `${base}/nothing/`)).toEqual([]);
    });

    it('lists past one page of results', async () => {
      const keys = Array.from({ length: 1005 }, (_, i) => `${base}/many/${String(i).padStart(4, '0')}`);
      for (let i = 0; i < keys.length; i += 50) {
        await Promise.all(keys.slice(i, i + 50).map((key) => storage.put(key, Buffer.from('.'))));
      }
      expect(await keysUnder(storage, `${base}/many/`)).toEqual(keys);
      await storage.deletePrefix(`${base}/many/`);
      expect(await keysUnder(storage, `${base}/many/`)).toEqual([]);
    }, 60_000);

    it('deletes everything under a prefix and nothing beside it', async () => {
      await storage.put(`${base}/v1/hls/master.m3u8`, Buffer.from('#EXTM3U'), {
        contentType: 'application/vnd.apple.mpegurl',
      });
      await storage.put(`${base}/v1/hls/720p/seg-0001.m4s`, Buffer.alloc(10));
      await storage.put(`${base}/v1/original.mp4`, Buffer.alloc(10));
      await storage.put(`${base}/v10/keep.txt`, Buffer.from('keep'));
      await storage.deletePrefix(`${base}/v1/`);
      expect(await keysUnder(storage, `${base}/`)).toEqual([`${base}/v10/keep.txt`]);
      expect(await storage.head(`${base}/v1/hls/master.m3u8`)).toBeNull();
      // A new object under the emptied prefix does not inherit anything from the deleted one.
      await storage.put(`${base}/v1/hls/master.m3u8`, Buffer.from('#EXTM3U'));
      expect((await storage.head(`${base}/v1/hls/master.m3u8`))?.contentType).not.toBe('application/vnd.apple.mpegurl');
      await expect(storage.deletePrefix(`${base}/absent/`)).resolves.toBeUndefined();
    });
  });
}
