export { createMemoryCache } from './memory.cache.js';
export { createMemoryJournal } from './memory.journal.js';
export { createMemoryPubSub } from './memory.pubsub.js';
export { createRedisCache } from './redis.cache.js';
export { createRedisJournal } from './redis.journal.js';
export { createRedisPubSub } from './redis.pubsub.js';
export type * from './types.js';
