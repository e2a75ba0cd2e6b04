export type * from './bus/types.js';
export type * from './cache/types.js';
export type * from './db/types.js';
export type * from './outbox/types.js';
export type * from './storage/types.js';
