import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStorage } from '@framecast/adapters';
import { contentTypeOf } from '@framecast/media';

/** Streams an object out of storage into a local file (never whole in memory). */
export async function download(storage: ObjectStorage, key: string, path: string): Promise<void> {
  const object = await storage.get(key);
  await pipeline(object.body, createWriteStream(path));
}

/** Playlists and manifests go last, so a reader never finds a manifest whose segments are not stored yet. */
function uploadRank(file: string): number {
  if (file.endsWith('.mpd') || file.endsWith('master.m3u8')) return 2;
  if (file.endsWith('.m3u8') || file.endsWith('.vtt')) return 1;
  return 0;
}

/** Moves each file of `dir` to `prefix + file` (a rename on the disk store), with its content type, a few at a time. */
export async function moveFiles(
  storage: ObjectStorage,
  dir: string,
  files: readonly string[],
  prefix: string,
  concurrency = 4,
): Promise<void> {
  const ranks = [0, 1, 2].map((rank) => files.filter((f) => uploadRank(f) === rank));
  for (const batch of ranks) {
    const queue = [...batch];
    const worker = async () => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        await storage.moveFile(`${prefix}${file}`, join(dir, file), { contentType: contentTypeOf(file) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  }
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Writes the objects `keys` one after another into the local file `path` (a recording's init segment then its
 * segments make one fragmented MP4 file). A few are fetched at once, written in order; the first failure (such as
 * `ObjectNotFoundError`) rejects.
 */
export async function concatObjects(
  storage: ObjectStorage,
  keys: readonly string[],
  path: string,
  concurrency = 8,
): Promise<void> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    const pending: Promise<Buffer>[] = [];
    let next = 0;
    const fill = () => {
      while (next < keys.length && pending.length < concurrency) {
        const fetched = storage.get(keys[next++]!).then((o) => readAll(o.body));
        fetched.catch(() => undefined);
        pending.push(fetched);
      }
    };
    fill();
    while (pending.length > 0) {
      const bytes = await Promise.race([pending.shift()!, failed]);
      fill();
      if (!out.write(bytes))
        await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
    }
    await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
  } finally {
    out.destroy();
  }
}
