import { memoryLogger } from '../outbox/outbox.contract.js';
import { cacheContract } from './cache.contract.js';
import { journalContract } from './journal.contract.js';
import { createMemoryCache } from './memory.cache.js';
import { createMemoryJournal } from './memory.journal.js';
import { createMemoryPubSub } from './memory.pubsub.js';
import { pubSubContract } from './pubsub.contract.js';

cacheContract('in-memory', async () => {
  const cache = createMemoryCache();
  return { cache, dispose: () => cache.close() };
});

pubSubContract('in-memory', async () => createMemoryPubSub({ logger: memoryLogger().logger }));

journalContract('in-memory', async (limits) => createMemoryJournal(limits, { logger: memoryLogger().logger }));
