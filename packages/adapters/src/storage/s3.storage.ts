import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ObjectNotFoundError, RangeNotSatisfiableError } from './storage.errors.js';
import { assertKey, assertPrefix, assertRangeShape } from './storage.keys.js';
import type { ObjectInfo, ObjectStorage } from './types.js';

export interface S3StorageOptions {
  bucket: string;
  /** An S3-compatible server (MinIO, s3rver); AWS itself when unset. */
  endpoint?: string;
  region: string;
  /** Taken from the AWS default credential chain when unset. */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

// Multipart parts of 5 MiB (the S3 minimum), two in flight: an upload holds at most ~10 MiB in memory.
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;
// DeleteObjects takes at most 1000 keys per request.
const DELETE_BATCH = 1000;

/** Object storage on S3 or an S3-compatible server. */
export function createS3Storage(opts: S3StorageOptions): ObjectStorage {
  const { bucket } = opts;
  const config: S3ClientConfig = {
    region: opts.region,
    forcePathStyle: opts.forcePathStyle ?? false,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.accessKeyId && opts.secretAccessKey
      ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } }
      : {}),
  };
  const client = new S3Client(config);

  async function* listAll(prefix: string): AsyncGenerator<ObjectInfo> {
    for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        yield {
          key: item.Key,
          size: item.Size ?? 0,
          ...(item.LastModified ? { lastModified: item.LastModified } : {}),
        };
      }
    }
  }

  const deleteBatch = async (keys: string[]) => {
    const out = await client.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
    );
    const failed = out.Errors ?? [];
    if (failed.length > 0) {
      const first = failed[0];
      throw new Error(
        `Deleting ${failed.length} objects failed, first "${first?.Key}": ${first?.Message ?? first?.Code}`,
      );
    }
  };

  const storage: ObjectStorage = {
    async put(key, body, putOpts) {
      assertKey(key);
      let size = 0;
      let source: Readable | Buffer = body;
      if (Buffer.isBuffer(body)) size = body.length;
      else {
        // Counted on the way through: Upload reports no size, and a HEAD would cost a round trip.
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            done(null, chunk);
          },
        });
        body.once('error', (err) => counter.destroy(err));
        source = body.pipe(counter);
      }
      const upload = new Upload({
        client,
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
        // A failed multipart upload is aborted, so no part is left behind.
        leavePartsOnError: false,
        params: {
          Bucket: bucket,
          Key: key,
          Body: source,
          ...(putOpts?.contentType ? { ContentType: putOpts.contentType } : {}),
        },
      });
      try {
        await upload.done();
      } catch (err) {
        // Release whatever feeds the stream (a file, a socket): it will not be read any further.
        if (!Buffer.isBuffer(body)) body.destroy();
        if (!Buffer.isBuffer(source)) source.destroy();
        throw err;
      }
      return { key, size, ...(putOpts?.contentType ? { contentType: putOpts.contentType } : {}) };
    },

    async moveFile(key, path, opts) {
      assertKey(key);
      const stored = await storage.put(key, createReadStream(path), opts);
      await rm(path, { force: true });
      return stored;
    },

    async get(key, range) {
      assertKey(key);
      if (range) assertRangeShape(key, range);
      try {
        const out = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
          }),
        );
        const contentLength = out.ContentLength ?? 0;
        const span = range ? parseContentRange(out.ContentRange) : undefined;
        const size = span?.size ?? contentLength;
        return {
          key,
          size,
          body: out.Body as Readable,
          contentLength,
          ...(out.ContentType ? { contentType: out.ContentType } : {}),
          ...(out.LastModified ? { lastModified: out.LastModified } : {}),
          ...(span ? { range: { start: span.start, end: span.end } } : {}),
        };
      } catch (err) {
        if (status(err) === 404) throw new ObjectNotFoundError(key);
        if (status(err) === 416) throw new RangeNotSatisfiableError(key);
        throw err;
      }
    },

    async head(key) {
      assertKey(key);
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return {
          key,
          size: out.ContentLength ?? 0,
          ...(out.ContentType ? { contentType: out.ContentType } : {}),
          ...(out.LastModified ? { lastModified: out.LastModified } : {}),
        };
      } catch (err) {
        if (status(err) === 404) return null;
        throw err;
      }
    },

    async delete(key) {
      assertKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },

    async deletePrefix(prefix) {
      assertPrefix(prefix);
      let batch: string[] = [];
      for await (const item of listAll(prefix)) {
        batch.push(item.key);
        if (batch.length === DELETE_BATCH) {
          await deleteBatch(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await deleteBatch(batch);
    },

    async *list(prefix) {
      if (prefix !== '') assertPrefix(prefix);
      yield* listAll(prefix);
    },

    async ping() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    },

    async close() {
      client.destroy();
    },
  };
  return storage;
}

function status(err: unknown): number | undefined {
  return err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined;
}

/** `bytes 0-99/1234` → the served span and the object's full size. */
export function parseContentRange(header: string | undefined): { start: number; end: number; size: number } {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header ?? '');
  if (!match) throw new Error(`The storage server answered a range read without a valid Content-Range ("${header}").`);
  return { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) };
}
