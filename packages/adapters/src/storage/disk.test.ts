import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

describe('moving files into the disk storage', () => {
  it('renames a file of the same file system into place: the same inode, never copied', async () => {
    const root = await newRoot();
    const storage = createDiskStorage(join(root, 'objects'));
    const file = join(root, 'upload.bin');
    await writeFile(file, Buffer.alloc(1024, 7));
    const { ino } = await stat(file);
    await storage.moveFile('videos/v1/original', file);
    expect((await stat(join(root, 'objects', 'videos', 'v1', 'original'))).ino).toBe(ino);
    expect(existsSync(file)).toBe(false);
  });

  it('copies a file from another file system, then removes it', async () => {
    const root = await newRoot();
    const elsewhere = await mkdtemp(join('/dev/shm', 'framecast-disk-'));
    roots.push(elsewhere);
    // /dev/shm is a tmpfs: a rename from it into the root fails with EXDEV, which is what this test is about.
    expect((await stat(elsewhere)).dev).not.toBe((await stat(root)).dev);
    const storage = createDiskStorage(join(root, 'objects'));
    const file = join(elsewhere, 'upload.bin');
    await writeFile(file, Buffer.from('from another file system'));
    await storage.moveFile('videos/v2/original', file, { contentType: 'video/mp4' });
    expect(await readFile(join(root, 'objects', 'videos', 'v2', 'original'), 'utf8')).toBe('from another file system');
    expect((await storage.head('videos/v2/original'))?.contentType).toBe('video/mp4');
    expect(existsSync(file)).toBe(false);
    expect(await readdir(join(root, 'objects', '.tmp'))).toEqual([]);
  });
});
