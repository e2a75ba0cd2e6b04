import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiskStorage, ObjectNotFoundError } from '@framecast/adapters';
import { liveLayout } from '@framecast/packager';
import { afterEach, describe, expect, it } from 'vitest';
import { storageSink } from './storage.sink.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('storageSink', () => {
  it('keeps segments and init segments the packager lets go (for the replay), and never stores parts', async () => {
    root = await mkdtemp(join(tmpdir(), 'framecast-sink-'));
    const storage = createDiskStorage(root);
    const sink = storageSink(storage, 'live/s1/');
    const keys = [liveLayout.init('720p'), liveLayout.segment('720p', 3), liveLayout.part('720p', 3, 0)];
    for (const key of keys) await sink.put(key, new Uint8Array([1, 2, 3]), 'video/mp4');
    for (const key of keys) await sink.delete(key);
    expect((await storage.get(`live/s1/${liveLayout.init('720p')}`)).size).toBe(3);
    expect((await storage.get(`live/s1/${liveLayout.segment('720p', 3)}`)).size).toBe(3);
    await expect(storage.get(`live/s1/${liveLayout.part('720p', 3, 0)}`)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });
});
