import type { ObjectStorage } from '@framecast/adapters';
import type { LiveSink } from '@framecast/packager';

/** Tries a storage write again this many times, with a short pause, before the stream fails. */
const ATTEMPTS = 3;

/** The packager's files in object storage under `prefix` (`live/<session id>/`), so DVR and the replay outlive memory. */
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
    delete: (key) => retried(() => storage.delete(`${prefix}${key}`)),
  };
}
