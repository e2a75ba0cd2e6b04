export { createDatabaseEventBus, groupQueue } from './database.events.js';
export { createDatabaseJobQueue, type DatabaseJobQueueOptions } from './database.jobs.js';
export { type DeliveryTuning, PoisonMessageError } from './delivery.policy.js';
export { connectRabbit, type RabbitBus, type RabbitOptions } from './rabbit.js';
export type { ReconnectOptions } from './rabbit.link.js';
export { topicMatches } from './topic.js';
export type * from './types.js';
