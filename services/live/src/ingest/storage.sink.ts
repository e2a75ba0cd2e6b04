import type { ObjectStorage } from '@framecast/adapters';
import { type LiveSink, parseLivePath } from '@framecast/packager';

/** Tries a storage write again this many times, with a short pause, before the stream fails. */
const ATTEMPTS = 3;

/**
 * The packager's files in object storage under `prefix` (`live/<session id>/`), so DVR and the replay outlive memory.
 * Segments and init segments are kept when the packager lets them go (they leave the DVR window): the replay is made
 * of the whole stream, and the session's folder is deleted once it is. Only parts are deleted.
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
    put: (key, bytes, contentType) =>
      retried(() =>
        storage.put(`${prefix}${key}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { contentType }),
      ),
    delete: async (key) => {
      if (parseLivePath(key)?.type !== 'part') return;
      await retried(() => storage.delete(`${prefix}${key}`));
    },
  };
}
