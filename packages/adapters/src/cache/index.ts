export { createMemoryCache } from './memory.cache.js';
export { createMemoryPubSub } from './memory.pubsub.js';
export { createRedisCache } from './redis.cache.js';
export { createRedisPubSub } from './redis.pubsub.js';
export type * from './types.js';
