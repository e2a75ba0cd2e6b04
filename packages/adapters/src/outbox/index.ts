export { consumeOnce } from './consume-once.js';
export { createOutbox } from './outbox.js';
export { outboxMigrations } from './outbox.migrations.js';
export { type OutboxRelay, type OutboxRelayOptions, startOutboxRelay } from './outbox.relay.js';
export type * from './types.js';
