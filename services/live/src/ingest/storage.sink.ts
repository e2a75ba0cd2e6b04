import type { ObjectStorage } from '@framecast/adapters';
import { type LiveSink, parseLivePath } from '@framecast/packager';

/** Tries a storage write again this many times, with a short pause, before the stream fails. */
const ATTEMPTS = 3;

/**
 * The packager's files in object storage under `prefix` (`live/<session id>/`), so DVR and the replay outlive memory.
 * Segments and init segments are kept when the packager lets them go (they leave the DVR window): the replay is made
 * of the whole stream, and the session's folder is deleted once it is. Parts are not stored at all: they are served
 * from the packager's memory only (listed for a few seconds, each inside a segment that is stored), so writing and
 * deleting five a second per rendition would cost the disk and the process for nothing.
 */
export function storageSink(storage: ObjectStorage, prefix: string): LiveSink {
  const retried = async (work: () => Promise<unknown>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  };
  return {
    put: async (key, bytes, contentType) => {
      if (parseLivePath(key)?.type === 'part') return;
      await retried(() =>
        storage.put(`${prefix}${key}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { contentType }),
      );
    },
    // Segments and init segments stay for the replay; parts were never stored.
    delete: async () => {},
  };
}
