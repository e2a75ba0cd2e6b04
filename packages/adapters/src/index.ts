export * from './bus/index.js';
export type * from './bus/types.js';
export * from './cache/index.js';
export type * from './cache/types.js';
export * from './db/index.js';
export * from './outbox/index.js';
export * from './storage/index.js';
