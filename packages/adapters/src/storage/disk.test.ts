import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskStorage } from './disk.storage.js';
import { storageContract } from './storage.contract.js';
import { InvalidKeyError } from './storage.errors.js';

const roots: string[] = [];
const newRoot = async () => {
  const root = await mkdtemp(join(tmpdir(), 'framecast-disk-'));
  roots.push(root);
  return root;
};
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

storageContract('disk', async () => createDiskStorage(join(await newRoot(), 'objects')));

describe('disk storage layout', () => {
  let root: string;
  beforeAll(async () => {
    root = await newRoot();
  });

  it('keeps objects as plain files under the root, temp files gone, and prunes emptied folders', async () => {
    const storage = createDiskStorage(root);
    await storage.put('videos/v1/hls/master.m3u8', Buffer.from('#EXTM3U'), {
      contentType: 'application/vnd.apple.mpegurl',
    });
    expect(await readdir(join(root, 'videos/v1/hls'))).toEqual(['master.m3u8']);
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
    await storage.delete('videos/v1/hls/master.m3u8');
    expect((await readdir(root)).sort()).toEqual(['.meta', '.tmp']);
  });

  it('refuses keys inside its own .tmp and .meta folders', async () => {
    const storage = createDiskStorage(root);
    await expect(storage.put('.tmp/x', Buffer.from('x'))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(storage.get('.meta/videos/v1')).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(storage.deletePrefix('.meta/')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('refuses an object whose path would run through another object', async () => {
    const storage = createDiskStorage(root);
    await storage.put('clash/a', Buffer.from('file'));
    await expect(storage.put('clash/a/b', Buffer.from('x'))).rejects.toBeInstanceOf(InvalidKeyError);
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it("rejects a failed write with the body's own error and keeps the previous version", async () => {
    const storage = createDiskStorage(root);
    await storage.put('kept.txt', Buffer.from('previous'));
    const failing = new Readable({
      read() {
        this.destroy(new Error('upload connection lost'));
      },
    });
    await expect(storage.put('kept.txt', failing)).rejects.toThrow('upload connection lost');
    const got = await storage.get('kept.txt');
    expect(Buffer.concat(await got.body.toArray()).toString()).toBe('previous');
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('answers ping by creating its root', async () => {
    const storage = createDiskStorage(join(root, 'not', 'yet'));
    await storage.ping();
    expect(await readdir(join(root, 'not'))).toEqual(['yet']);
  });
});
