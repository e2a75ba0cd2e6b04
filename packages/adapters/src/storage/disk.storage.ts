import { randomUUID } from 'node:crypto';
import { constants, createReadStream, createWriteStream, type Dirent, type Stats } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidKeyError, ObjectNotFoundError } from './storage.errors.js';
import { assertKey, assertPrefix, resolveRange } from './storage.keys.js';
import type { ObjectBody, ObjectInfo, ObjectStorage } from './types.js';

/** Top-level folders the disk store keeps for itself; keys may not start with them. */
const TMP = '.tmp';
const META = '.meta';

/**
 * Object storage in a folder: the object `a/b.mp4` is the file `<root>/a/b.mp4`, so the tree can also be
 * served as plain files. A write streams into `<root>/.tmp/` and is renamed into place, so readers never
 * see half an object and a failed write leaves nothing. The content type given to `put` is kept in a
 * sidecar `<root>/.meta/<key>` (a small JSON file), so it comes back exactly as given, as on S3.
 */
export function createDiskStorage(root: string): ObjectStorage {
  const dataPath = (key: string) => join(root, ...key.split('/'));
  const metaPath = (key: string) => join(root, META, ...key.split('/'));
  const checkKey = (key: string) => {
    assertKey(key);
    const first = key.split('/')[0];
    if (first === TMP || first === META) throw new InvalidKeyError(key, `"${first}/" is reserved by the disk store`);
  };

  const readMeta = async (key: string): Promise<{ contentType?: string }> => {
    try {
      return JSON.parse(await readFile(metaPath(key), 'utf8')) as { contentType?: string };
    } catch (err) {
      if (isMissing(err)) return {};
      throw err;
    }
  };
  const info = async (key: string, stats: Stats): Promise<ObjectInfo> => {
    const { contentType } = await readMeta(key);
    return { key, size: stats.size, lastModified: stats.mtime, ...(contentType ? { contentType } : {}) };
  };
  /** Removes folders left empty by a delete, up to the root. */
  const prune = async (path: string, top: string) => {
    for (let dir = dirname(path); dir.startsWith(top + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  };

  /** A fresh path in the store's own temporary folder, on the store's file system. */
  const tmpFile = async () => {
    const tmpDir = join(root, TMP);
    await mkdir(tmpDir, { recursive: true });
    return join(tmpDir, randomUUID());
  };

  /** Renames the complete file at `from` into place as `key`, with its content type. */
  const place = async (key: string, from: string, opts?: { contentType?: string }): Promise<ObjectInfo> => {
    const target = dataPath(key);
    const metaTmp = `${await tmpFile()}.meta`;
    try {
      await mkdir(dirname(target), { recursive: true });
      if (opts?.contentType) {
        await writeFile(metaTmp, JSON.stringify({ contentType: opts.contentType }));
        await mkdir(dirname(metaPath(key)), { recursive: true });
        await rename(metaTmp, metaPath(key));
      } else {
        await rm(metaPath(key), { force: true });
      }
      await rename(from, target);
      return await info(key, await stat(target));
    } catch (err) {
      await rm(metaTmp, { force: true });
      if (isClash(err)) throw new InvalidKeyError(key, 'it clashes with an existing object or folder');
      throw err;
    }
  };

  const storage: ObjectStorage = {
    async put(key, body, opts) {
      checkKey(key);
      const tmp = await tmpFile();
      try {
        if (Buffer.isBuffer(body)) await writeFile(tmp, body);
        else await pipeline(body as Readable, createWriteStream(tmp));
        return await place(key, tmp, opts);
      } finally {
        await rm(tmp, { force: true });
      }
    },

    async moveFile(key, path, opts) {
      checkKey(key);
      try {
        return await place(key, path, opts);
      } catch (err) {
        // Another file system: copied in, then the file is taken.
        if (errorCode(err) !== 'EXDEV') throw err;
        const stored = await storage.put(key, createReadStream(path), opts);
        await rm(path, { force: true });
        return stored;
      }
    },

    async get(key, range) {
      checkKey(key);
      const handle = await open(dataPath(key), 'r').catch((err: unknown) => {
        throw isMissing(err) ? new ObjectNotFoundError(key) : err;
      });
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) throw new ObjectNotFoundError(key);
        const span = range ? resolveRange(key, stats.size, range) : undefined;
        const base = await info(key, stats);
        const result: ObjectBody = {
          ...base,
          // The stream owns the handle from here and closes it when done or destroyed.
          body: handle.createReadStream(span ? { start: span.start, end: span.end } : {}),
          contentLength: span ? span.end - span.start + 1 : stats.size,
          ...(span ? { range: span } : {}),
        };
        return result;
      } catch (err) {
        await handle.close();
        throw err;
      }
    },

    async head(key) {
      checkKey(key);
      try {
        const stats = await stat(dataPath(key));
        return stats.isFile() ? await info(key, stats) : null;
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },

    async delete(key) {
      checkKey(key);
      for (const path of [dataPath(key), metaPath(key)]) {
        try {
          await unlink(path);
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
      await prune(dataPath(key), root);
      await prune(metaPath(key), join(root, META));
    },

    async deletePrefix(prefix) {
      assertPrefix(prefix);
      const folder = prefix.slice(0, -1);
      checkKey(folder);
      await rm(dataPath(folder), { recursive: true, force: true });
      await rm(metaPath(folder), { recursive: true, force: true });
      await prune(dataPath(folder), root);
      await prune(metaPath(folder), join(root, META));
    },

    async *list(prefix) {
      if (prefix !== '') assertPrefix(prefix);
      const start = prefix === '' ? root : dataPath(prefix.slice(0, -1));
      for await (const path of walk(start, start === root)) {
        const stats = await stat(path).catch(() => null); // deleted while listing
        if (stats?.isFile()) {
          yield { key: relative(root, path).split(sep).join('/'), size: stats.size, lastModified: stats.mtime };
        }
      }
    },

    async ping() {
      await mkdir(root, { recursive: true });
      await access(root, constants.W_OK);
    },

    async close() {},
  };
  return storage;
}

async function* walk(dir: string, isRoot: boolean): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  for (const entry of entries) {
    if (isRoot && (entry.name === TMP || entry.name === META)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, false);
    else if (entry.isFile()) yield path;
  }
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** The path, or one of its parents, is absent or not a folder: no object there. */
function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** A key whose path runs through an existing file, or lands on an existing folder. */
function isClash(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR';
}
