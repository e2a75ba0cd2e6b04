export { createDiskStorage } from './disk.storage.js';
export { createS3Storage, type S3StorageOptions } from './s3.storage.js';
export { InvalidKeyError, ObjectNotFoundError, RangeNotSatisfiableError } from './storage.errors.js';
export type * from './types.js';
