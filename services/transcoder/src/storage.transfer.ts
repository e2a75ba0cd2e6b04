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
